import { BACKENDS, type BackendPreference } from '../core/training/training';

export interface EngineOptions {
  backend: BackendPreference;
  /** 'main' runs training on the page thread, as the fallback does where workers fail. */
  thread: 'worker' | 'main';
}

/**
 * Reads engine overrides from the page URL: `?backend=cpu|webgl` and `?thread=main`. They exist for
 * comparing backends and testing the fallback path; unknown values are ignored.
 */
export function readEngineOptions(search: string): EngineOptions {
  const params = new URLSearchParams(search);
  const backend = params.get('backend');
  return {
    backend: (BACKENDS as readonly string[]).includes(backend ?? '') ? (backend as BackendPreference) : 'auto',
    thread: params.get('thread') === 'main' ? 'main' : 'worker',
  };
}
