/// <reference lib="webworker" />
// The training worker: one Trainer behind comlink. Everything else lives in modules either thread runs.
import * as Comlink from 'comlink';
import { Trainer } from './trainer';

Comlink.expose(new Trainer());
