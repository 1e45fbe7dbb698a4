/**
 * The browser benchmark: `npm run bench` (about 50 minutes) or `npm run bench -- --quick` (about 6);
 * `--only=9,10,11,12` measures only those figures.
 * Builds the app and the bench pages, serves them cross-origin isolated, measures every figure in
 * one Chromium, prints a table and writes bench/results.json. Exits non-zero when a figure could not
 * be produced or the engine leaks tensors; never because a figure misses its target.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { measureBuilderEdit } from './figures/builderEdit';
import { measureConvnet } from './figures/convnet';
import { measureColourSpeed } from './figures/colourSpeed';
import { measureOwnImport } from './figures/ownImport';
import { measureDataLoad } from './figures/dataLoad';
import { measureDrawLatency } from './figures/drawLatency';
import { measureDrawToMaps } from './figures/drawToMaps';
import { measureEditToMaps } from './figures/editToMaps';
import { measureKeepCost } from './figures/keepCost';
import { FIGURE_12, measureInsideViewCost } from './figures/insideViewCost';
import { measurePredictLatency } from './figures/predictLatency';
import { measureInsideViewResponsiveness, measureResponsiveness } from './figures/responsiveness';
import { measureTensorCount } from './figures/tensorCount';
import { measureTimeToAccuracy } from './figures/timeToAccuracy';
import { measureTrainingSpeed } from './figures/trainingSpeed';
import { measureWasmThreads } from './figures/wasmThreads';
import { describeMachine, launchBrowser } from './lib/browser';
import { buildSite } from './lib/build';
import { describeError, log } from './lib/log';
import { planFor, type BenchPlan } from './lib/plan';
import { collectFailures, type BenchResults, type Outcome } from './lib/results';
import { serveStatic } from './lib/server';
import { formatReport } from './report';

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

async function attempt<T>(plan: BenchPlan, figure: number, name: string, measure: () => Promise<T>): Promise<Outcome<T>> {
  if (plan.only && !plan.only.includes(figure)) return { ok: false, error: 'not measured in this run (--only)', skipped: true };
  log(`${name}...`);
  try {
    return { ok: true, value: await measure() };
  } catch (error) {
    log(`${name} could not be produced: ${describeError(error)}`);
    return { ok: false, error: describeError(error) };
  }
}

async function main(): Promise<number> {
  const plan = planFor(process.argv.slice(2));
  const started = Date.now();
  log(`${plan.mode} run: building the app and the bench pages`);
  const site = await buildSite();
  const server = await serveStatic(site);
  const browser = await launchBrowser();
  try {
    log(`serving ${site} at ${server.origin}; Chromium ${browser.version()}`);
    const dataLoad = await attempt(plan, 5, 'dataset download', () => measureDataLoad(browser, server));
    const trainingSpeed = await attempt(plan, 1, 'training speed', () => measureTrainingSpeed(browser, server.origin, plan));
    const convnet = await attempt(plan, 2, 'ConvNetJS', () => measureConvnet(browser, server.origin, plan, trainingSpeed.ok ? trainingSpeed.value : []));
    const responsiveness = await attempt(plan, 3, 'responsiveness', () => measureResponsiveness(browser, server.origin, plan));
    const predictLatency = await attempt(plan, 4, 'predict latency', () => measurePredictLatency(browser, server.origin, plan));
    const tensorCount = await attempt(plan, 6, 'tensor count', () => measureTensorCount(browser, server.origin, plan));
    const wasmThreads = await attempt(plan, 7, 'wasm threads', () => measureWasmThreads(browser, server.origin, plan));
    const builderEdit = await attempt(plan, 8, 'builder edits', () => measureBuilderEdit(browser, server.origin, plan));
    const insideViewCost = await attempt(plan, 9, 'inside view cost', () => measureInsideViewCost(browser, server.origin, plan));
    const insideViewResponsiveness = await attempt(plan, 10, 'responsiveness with the inside view', () =>
      measureInsideViewResponsiveness(browser, server.origin, plan),
    );
    const editToMaps = await attempt(plan, 11, 'edit to feature maps', () => measureEditToMaps(browser, server.origin, plan));
    const animationCost = await attempt(plan, 12, 'convolution animation cost', () => measureInsideViewCost(browser, server.origin, plan, FIGURE_12));
    const drawLatency = await attempt(plan, 13, 'drawing pad latency', () => measureDrawLatency(browser, server.origin, plan));
    const keepCost = await attempt(plan, 14, 'checkpoint cost', () => measureKeepCost(browser, server.origin, plan));
    const timeToAccuracy = await attempt(plan, 15, 'time to accuracy', () => measureTimeToAccuracy(browser, server.origin, plan));
    const drawToMaps = await attempt(plan, 16, 'drawing to every layer', () => measureDrawToMaps(browser, server.origin, plan));
    const colourSpeed = await attempt(plan, 17, 'colour images', () => measureColourSpeed(browser, server.origin, plan));
    const ownImport = await attempt(plan, 18, 'own images import', () => measureOwnImport(browser, server.origin, plan));
    const figures = {
      trainingSpeed,
      convnet,
      responsiveness,
      predictLatency,
      dataLoad,
      tensorCount,
      wasmThreads,
      builderEdit,
      insideViewCost,
      insideViewResponsiveness,
      editToMaps,
      animationCost,
      drawLatency,
      keepCost,
      timeToAccuracy,
      drawToMaps,
      colourSpeed,
      ownImport,
    };
    const results: BenchResults = {
      mode: plan.mode,
      timestamp: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      machine: describeMachine(browser),
      plan,
      figures,
      failures: collectFailures(figures),
    };
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(formatReport(results));
    log(`wrote ${RESULTS_FILE}`);
    return results.failures.length > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
