/** Turns bench results into the text table printed to stdout. */
import type { InsideViewCostRow } from './figures/insideViewCost';
import type { ResponsivenessFigure } from './figures/responsiveness';
import type { AccuracyPoint, KernelscopeRun, TimeToAccuracyFigure } from './figures/timeToAccuracy';
import type { SpeedRow } from './figures/trainingSpeed';
import { IMPORT_TARGETS } from './figures/ownImport';
import { TARGETS, type BenchResults, type Outcome } from './lib/results';
import { quantile } from './lib/stats';
import { fixed, formatTable } from './lib/table';

function section<T>(title: string, outcome: Outcome<T>, body: (value: T) => string): string {
  if (!outcome.ok && outcome.skipped) return `${title}\n  (not measured in this run)`;
  return `${title}\n${outcome.ok ? body(outcome.value) : `  NOT PRODUCED: ${outcome.error}`}`;
}

const verdict = (value: number | null | undefined, target: number) =>
  value === null || value === undefined ? '' : value >= target ? 'meets target' : 'BELOW TARGET';

/** Median and range of the per-round ratios: how noisy the machine was. */
function roundsSummary(ratios: readonly number[]): string {
  if (ratios.length === 1) return '1 span';
  return `median ${fixed(quantile(ratios, 0.5), 2)}, ${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)} (${ratios.length} spans)`;
}

function speedTable(rows: readonly SpeedRow[], batchSize: number): string {
  return formatTable(
    ['backend', 'preset', 'engine ex/s', 'bare ex/s', 'engine/bare', `target ≥ ${TARGETS.engineOverBare}`, 'per-span ratios', 'batches each', 'note'],
    rows.map((r) => [
      r.backend,
      r.preset,
      fixed(r.engine?.examplesPerSecond),
      fixed(r.bare?.examplesPerSecond),
      fixed(r.ratio, 3),
      r.status === 'ok' ? verdict(r.ratio, TARGETS.engineOverBare) : r.status.toUpperCase(),
      r.rounds?.length ? roundsSummary(r.rounds.map((x) => x.ratio)) : '—',
      r.rounds?.length ? String(r.rounds.reduce((a, x) => a + x.engine.batches, 0)) : '—',
      r.reason ?? `batch ${batchSize}`,
    ]),
  );
}

function responsivenessTable(r: ResponsivenessFigure): string {
  return formatTable(
    ['backend', 'window', 'viewport', 'Refresh', 'feature-map draws', 'long tasks', 'longest', 'frames/s', 'longest frame gap', 'Pause input delay', 'Pause -> Resume shown'],
    [
      [
        r.backend,
        `${fixed(r.windowMs / 1000, 0)} s`,
        r.viewport,
        r.refreshPerSecond === 0 ? 'off' : `${r.refreshPerSecond}/s`,
        `${r.insideViewDraws} (${fixed((r.insideViewDraws * 1000) / r.windowMs, 1)}/s)`,
        `${r.longTasks.count} (${fixed(r.longTasks.totalMs, 0)} ms total)`,
        `${fixed(r.longTasks.longestMs, 0)} ms`,
        fixed(r.frames.perSecond),
        `${fixed(r.frames.longestGapMs, 0)} ms`,
        `${fixed(r.pause.inputDelayMs)} ms`,
        `${fixed(r.pause.clickToResumeMs, 0)} ms`,
      ],
    ],
  );
}

function insideViewCostTable(rows: readonly InsideViewCostRow[]): string {
  return formatTable(
    ['preset', 'batch', 'view on ex/s', 'view off ex/s', 'on/off', `target ≥ ${TARGETS.insideViewOnOverOff}`, 'per-span ratios', 'batches each', 'draws/s while on', 'draws while off', 'note'],
    rows.map((r) => [
      r.preset,
      String(r.batchSize),
      fixed(r.on?.examplesPerSecond),
      fixed(r.off?.examplesPerSecond),
      fixed(r.ratio, 3),
      r.status === 'ok' ? verdict(r.ratio, TARGETS.insideViewOnOverOff) : r.status.toUpperCase(),
      r.rounds?.length ? roundsSummary(r.rounds.map((x) => x.ratio)) : '—',
      r.on && r.off ? `${r.on.batches} / ${r.off.batches}` : '—',
      fixed(r.drawsPerSecond, 1),
      r.offDraws === undefined ? '—' : r.offDraws === 0 ? '0' : `${r.offDraws} (EXPECTED 0)`,
      r.reason ?? `${r.backend}, on = Refresh ${r.refreshPerSecond}/s`,
    ]),
  );
}

const accuracyText = (accuracy: number | null | undefined) => (accuracy === null || accuracy === undefined ? '—' : `${(accuracy * 100).toFixed(2)}%`);
const secondsText = (seconds: number | null) => (seconds === null ? 'never' : `${fixed(seconds, 1)} s`);
const curveText = (points: readonly AccuracyPoint[]) => points.map((p) => `${fixed(p.seconds, 0)} s ${accuracyText(p.accuracy)}`).join(', ');

function appRunNote(r: KernelscopeRun): string {
  const shown = ['Batch size', 'Epochs', 'Optimizer', 'Learning rate', 'Learning-rate schedule', 'Augmentation'].flatMap((k) => (r.settings[k] === undefined ? [] : [`${k.toLowerCase()} ${r.settings[k]}`]));
  return `${r.backend}, ${r.preset}: ${shown.join(', ')}; ${fixed(r.validatingSeconds, 1)} s of it validating; tested at each epoch's end`;
}

function timeToAccuracyReport(f: TimeToAccuracyFigure): string {
  const d = f.kernelscopeDefault;
  const b = f.kernelscopeBest;
  const c = f.convnetjs;
  const row = (name: string, target: string, r: { secondsTo: { '98': number | null; '99': number | null }; trainingSeconds: number; examplesPerSecond: number }, accuracy: string, ratio: string, verdictText: string, note: string) => [
    name,
    target,
    secondsText(r.secondsTo['98']),
    secondsText(r.secondsTo['99']),
    accuracy,
    fixed(r.trainingSeconds, 1),
    fixed(r.examplesPerSecond, 0),
    ratio,
    verdictText,
    note,
  ];
  const within = (seconds: number | null, limit: number) => (seconds === null ? 'BELOW TARGET' : seconds <= limit ? 'meets target' : 'BELOW TARGET');
  const rows = [
    row('Kernelscope default', `≥ 98% in ≤ ${TARGETS.defaultTo98Seconds} s`, d, accuracyText(d.finalAccuracy), '—', within(d.secondsTo['98'], TARGETS.defaultTo98Seconds), appRunNote(d)),
    'notMeasured' in b
      ? ['Kernelscope Best accuracy', `≥ 99% (99.2%) in ≤ ${TARGETS.bestTo99Seconds} s`, '—', '—', '—', '—', '—', '—', '', b.notMeasured]
      : row(
          'Kernelscope Best accuracy',
          `≥ 99% (99.2%) in ≤ ${TARGETS.bestTo99Seconds} s`,
          b,
          accuracyText(b.finalAccuracy),
          '—',
          within(b.secondsTo['99'], TARGETS.bestTo99Seconds),
          `99.2% ${b.secondsTo['99.2'] === null ? 'NOT REACHED' : `at ${fixed(b.secondsTo['99.2'], 1)} s${b.secondsTo['99.2'] <= TARGETS.bestTo99Seconds ? '' : ' (LATE)'}`}; ${appRunNote(b)}`,
        ),
    row(
      'ConvNetJS demo',
      `reference: to 99% or ${fixed(c.capSeconds, 0)} s`,
      c,
      `${accuracyText(c.bestAccuracy)} best${c.bestAccuracy === c.finalAccuracy ? '' : `, ${accuracyText(c.finalAccuracy)} final`}`,
      f.convnetOverKernelscopeTo98 === null ? '—' : `${fixed(f.convnetOverKernelscopeTo98, 2)}x`,
      '',
      `stopped at the ${c.stoppedBy}; tested every ${fixed(c.evalEverySeconds, 0)} s, centre crop${c.demoTestAccuracy === null ? '' : `; final, the demo's 4-crop test: ${accuracyText(c.demoTestAccuracy)}`}`,
    ),
  ];
  const curves = [
    `  curve, Kernelscope default: ${curveText(d.points)}`,
    ...('notMeasured' in b ? [] : [`  curve, Kernelscope Best accuracy: ${curveText(b.points)}`]),
    `  curve, ConvNetJS demo: ${curveText(c.points)}`,
  ];
  return [
    formatTable(['run', 'target', 'to 98%', 'to 99%', 'final (best) test accuracy', 'training s', 'examples/s', 'ConvNetJS / Kernelscope default, to 98%', 'verdict', 'note'], rows),
    ...curves,
  ].join('\n');
}

export function formatReport(results: BenchResults): string {
  const { machine, figures } = results;
  const parts = [
    `Kernelscope benchmark (${results.mode}), ${results.timestamp}, took ${(results.durationMs / 60_000).toFixed(1)} min`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores; Chromium ${machine.chromium}; Node ${machine.node} (${machine.platform}); load average at the end ${machine.loadAverage.join(' / ')} (1 / 5 / 15 min)`,
    section('\n1. Training speed: the app (worker, live metrics) vs a bare tfjs loop, same model, batches and backend', figures.trainingSpeed, (rows) =>
      speedTable(rows, results.plan.batchSize),
    ),
    section('\n2. ConvNetJS on the small CNN (Adadelta, same MNIST batches)', figures.convnet, (c) =>
      formatTable(
        ['ConvNetJS ex/s', 'Kernelscope best small-cnn ex/s', 'Kernelscope/ConvNetJS', `target ≥ ${TARGETS.kernelscopeOverConvnet}x`],
        [
          [
            `${fixed(c.convnetjs.examplesPerSecond)} (${c.convnetjs.examples} ex)`,
            c.kernelscope ? `${fixed(c.kernelscope.examplesPerSecond)} (${c.kernelscope.backend})` : '—',
            c.ratio === null ? '—' : `${fixed(c.ratio, 2)}x`,
            verdict(c.ratio, TARGETS.kernelscopeOverConvnet),
          ],
        ],
      ),
    ),
    section('\n3. Page responsiveness while training (default settings: the inside view on screen)', figures.responsiveness, responsivenessTable),
    section('\n4. Single-image predict latency through the engine', figures.predictLatency, (p) =>
      formatTable(
        ['backend', 'phase', 'calls', 'median', 'p95', 'max'],
        [
          [p.backend, `training (${p.training.stepsDuringCalls} steps meanwhile)`, String(p.training.calls), `${fixed(p.training.medianMs)} ms`, `${fixed(p.training.p95Ms)} ms`, `${fixed(p.training.maxMs)} ms`],
          [p.backend, 'idle', String(p.idle.calls), `${fixed(p.idle.medianMs)} ms`, `${fixed(p.idle.p95Ms)} ms`, `${fixed(p.idle.maxMs)} ms`],
        ],
      ),
    ),
    section('\n5. Dataset download (first visit, empty cache: MNIST from navigation, the others from choosing them)', figures.dataLoad, (d) =>
      formatTable(
        ['dataset', 'bytes sent', 'files', 'to "ready"', "app's report"],
        [
          ['MNIST', `${d.networkBytes.toLocaleString('en-US')} (${fixed(d.networkBytes / 1e6)} MB)`, String(d.files.length), `${fixed(d.navigationToReadyMs / 1000, 2)} s from navigation`, d.appReport],
          ...(d.others ?? []).map((o) => [o.dataset, `${o.networkBytes.toLocaleString('en-US')} (${fixed(o.networkBytes / 1e6)} MB)`, String(o.files), `${fixed(o.choiceToReadyMs / 1000, 2)} s from the choice`, o.appReport]),
        ],
      ),
    ),
    section('\n6. Live tensors in the engine (paused, same session)', figures.tensorCount, (t) =>
      formatTable(
        ['backend', 'preset', 'batch', 'idle', 'before (step)', 'after (step)', 'steps between', 'check'],
        [
          [
            t.backend,
            t.preset,
            String(t.batchSize),
            String(t.idle),
            `${t.before.tensors} (${t.before.step})`,
            `${t.after.tensors} (${t.after.step})`,
            String(t.after.step - t.before.step),
            t.equal ? 'equal' : 'MISMATCH: TENSORS LEAK',
          ],
        ],
      ),
    ),
    section('\n7. wasm threads: the bare loop with one XNNPACK thread vs one per core', figures.wasmThreads, (t) =>
      formatTable(
        ['preset', 'batch', '1 thread ex/s', 'threads', 'ex/s', 'speedup', 'rounds (1 / many)'],
        t.rows.map((r) => [
          r.preset,
          String(t.batchSize),
          fixed(r.oneThreadExamplesPerSecond),
          String(r.threads),
          fixed(r.manyThreadsExamplesPerSecond),
          `${fixed(r.speedup, 2)}x`,
          r.rounds.map((x) => `${fixed(x.one, 0)}/${fixed(x.many, 0)}`).join(', '),
        ]),
      ),
    ),
    section('\n8. Builder: an edit on a 30-layer network, from the input event to updated shapes', figures.builderEdit, (b) =>
      formatTable(
        ['layers', 'edits', 'to updated shapes: median', 'p95', 'max', 'to next frame: median', 'p95'],
        [
          [
            String(b.layers),
            String(b.edits),
            `${fixed(b.toUpdatedShapes.medianMs)} ms`,
            `${fixed(b.toUpdatedShapes.p95Ms)} ms`,
            `${fixed(b.toUpdatedShapes.maxMs)} ms`,
            `${fixed(b.toNextFrame.medianMs)} ms`,
            `${fixed(b.toNextFrame.p95Ms)} ms`,
          ],
        ],
      ),
    ),
    section('\n9. The inside view while training: Refresh 4/s vs off, interleaved spans in one page (wasm)', figures.insideViewCost, insideViewCostTable),
    section('\n10. Page responsiveness while training, the inside view open (1440x900, feature maps in view)', figures.insideViewResponsiveness, responsivenessTable),
    section('\n11. An edit of the untrained classic CNN (first Conv2D\'s Filters), from the input event to its feature maps drawn', figures.editToMaps, (e) =>
      formatTable(
        ['preset', 'backend', 'edits', 'to new maps: median', 'p95', 'max', 'to next frame: median', 'p95', 'max', `target: median ≤ ${TARGETS.editToMapsMedianMs} ms`],
        [
          [
            e.preset,
            e.backend,
            String(e.edits),
            `${fixed(e.toNewMaps.medianMs)} ms`,
            `${fixed(e.toNewMaps.p95Ms)} ms`,
            `${fixed(e.toNewMaps.maxMs)} ms`,
            `${fixed(e.toMapsDrawn.medianMs)} ms`,
            `${fixed(e.toMapsDrawn.p95Ms)} ms`,
            `${fixed(e.toMapsDrawn.maxMs)} ms`,
            e.toMapsDrawn.medianMs <= TARGETS.editToMapsMedianMs ? 'meets target' : 'ABOVE TARGET',
          ],
        ],
      ),
    ),
    section('\n12. The convolution animation while training: layer 1 playing (5 positions/s, the default) at Refresh 4/s vs off and paused, interleaved spans (wasm)', figures.animationCost, insideViewCostTable),
    section('\n13. The drawing pad on the classic CNN: a pointer move to its prediction (in the page; painted), idle and training, and training with someone drawing vs not', figures.drawLatency, (d) =>
      [
        formatTable(
          ['backend', 'phase', 'moves', 'to prediction: median', 'p95', 'max', 'target p95', 'to painted: median', 'p95', "page's work: median", 'p95'],
          (
            [
              ['idle', d.idle, TARGETS.drawIdleP95Ms],
              [`training (${d.training.steps} steps meanwhile)`, d.training, TARGETS.drawTrainingP95Ms],
            ] as const
          ).map(([phase, p, target]) => [
            d.backend,
            phase,
            String(p.toReady.calls),
            `${fixed(p.toReady.medianMs)} ms`,
            `${fixed(p.toReady.p95Ms)} ms`,
            `${fixed(p.toReady.maxMs)} ms`,
            `${target} ms: ${p.toReady.p95Ms <= target ? 'meets' : 'ABOVE'}`,
            `${fixed(p.toPaint.medianMs)} ms`,
            `${fixed(p.toPaint.p95Ms)} ms`,
            `${fixed(p.work.medianMs)} ms`,
            `${fixed(p.work.p95Ms)} ms`,
          ]),
        ),
        formatTable(
          ['preset', 'batch', 'drawing ex/s', 'mouse only ex/s', 'still ex/s', 'drawing / still', 'rounds', `target ≥ ${TARGETS.drawingOverStill}`, 'mouse only / still'],
          [
            [
              d.preset,
              String(d.batchSize),
              fixed(d.cost.drawing.examplesPerSecond, 0),
              fixed(d.cost.hovering.examplesPerSecond, 0),
              fixed(d.cost.still.examplesPerSecond, 0),
              fixed(d.cost.ratio, 3),
              roundsSummary(d.cost.rounds.map((r) => r.ratio)),
              verdict(d.cost.ratio, TARGETS.drawingOverStill),
              fixed(d.cost.hoverRatio, 3),
            ],
          ],
        ),
      ].join('\n'),
    ),
    section('\n14. Keeping the work on the classic CNN: one checkpoint (weights from the engine, then IndexedDB) at each Pause, its cost per epoch, and the restore after a reload', figures.keepCost, (k) =>
      formatTable(
        ['preset', 'backend', 'checkpoints', 'weights', 'capture: median', 'max', 'write: median', 'max', 'epoch at measured ex/s', 'with / without one per epoch', `target ≥ ${TARGETS.checkpointOverNone}`, 'restore: read', 'build + weights'],
        [
          [
            k.preset,
            k.backend,
            String(k.checkpoints),
            `${(k.weightBytes / 1e6).toFixed(2)} MB`,
            `${fixed(k.captureMs.median)} ms`,
            `${fixed(k.captureMs.max)} ms`,
            `${fixed(k.writeMs.median)} ms`,
            `${fixed(k.writeMs.max)} ms`,
            `${fixed(k.epochMs / 1000, 0)} s (${fixed(k.examplesPerSecond, 0)} ex/s)`,
            fixed(k.ratio, 4),
            verdict(k.ratio, TARGETS.checkpointOverNone),
            `${fixed(k.restore.readMs)} ms`,
            `${fixed(k.restore.applyMs)} ms`,
          ],
        ],
      ),
    ),
    section(
      "\n15. Time to test accuracy: seconds of training (the clock stopped to test) to 98% and 99% of the 10,000 test images, the app untouched and ConvNetJS's MNIST demo",
      figures.timeToAccuracy,
      timeToAccuracyReport,
    ),
    section(
      `\n16. The drawing drives every layer: on the classic CNN with every layer's maps on screen, a pen move to the frame that shows them all (and the answer) painted, idle and while training (target p95 <= ${TARGETS.drawToMapsP95Ms} ms)`,
      figures.drawToMaps,
      (d) =>
        formatTable(
          ['preset', 'backend', 'maps on screen', 'phase', 'moves', 'to painted: median', 'p95', 'max', `target p95 ${TARGETS.drawToMapsP95Ms} ms`, 'computed: median', 'p95', 'redraws a move'],
          (
            [
              ['idle', d.idle],
              [`training (${d.training.steps} steps meanwhile)`, d.training],
            ] as const
          ).map(([phase, p]) => [
            d.preset,
            d.backend,
            `${d.canvasesOnScreen} of ${d.canvases}`,
            phase,
            String(p.toPainted.calls),
            `${fixed(p.toPainted.medianMs)} ms`,
            `${fixed(p.toPainted.p95Ms)} ms`,
            `${fixed(p.toPainted.maxMs)} ms`,
            p.toPainted.p95Ms <= TARGETS.drawToMapsP95Ms ? 'meets' : 'ABOVE',
            `${fixed(p.toReady.medianMs)} ms`,
            `${fixed(p.toReady.p95Ms)} ms`,
            fixed(p.drawsPerMove, 2),
          ]),
        ),
    ),
    ...(figures.colourSpeed
      ? [
          section('\n17. Colour images (the generated Colour shapes, 32x32x3, nine classes), batch 64: Kernelscope and ConvNetJS side by side', figures.colourSpeed, (c) =>
            [
              formatTable(
                ['contender', 'network', 'backend', 'examples', 'examples/s', 'loss'],
                c.rows.map((r) => [r.contender, r.network, r.backend, String(r.examples), fixed(r.examplesPerSecond), fixed(r.loss, 3)]),
              ),
              `Kernelscope / ConvNetJS on ConvNetJS's CIFAR-10 network: ${c.ratio === null ? 'n/a' : `${fixed(c.ratio, 1)}x`}`,
              c.engine?.status === 'ok'
                ? `The app's engine on the Small CNN, Colour shapes chosen in the page (${c.engine.backend}): ${fixed(c.engine.engine?.examplesPerSecond ?? NaN)} examples/s, ${fixed(c.engine.ratio ?? NaN, 2)} of the bare loop's ${fixed(c.engine.bare?.examplesPerSecond ?? NaN)} in the same rounds`
                : `The app's engine on colour images: ${c.engine ? `${c.engine.status} (${c.engine.reason ?? ''})` : 'not measured (no bare-loop backend)'}`,
            ].join('\n'),
          ),
        ]
      : []),
  ];
  if (figures.ownImport) {
    parts.push(
      section('\n18. Own images: a folder of 640x480 JPEG photos in three classes picked in the app, to the dialog\'s summary (decoded in the import worker)', figures.ownImport, (f) =>
        [
          `${f.photos} photos (${fixed(f.bytes / 1e6, 1)} MB) in ${fixed(f.ms)} ms: ${fixed(f.photosPerSecond)} photos/s, ${fixed((f.ms * 1000) / f.photos)} ms per 1,000 (target <= ${IMPORT_TARGETS.msPer1000}: ${(f.ms * 1000) / f.photos <= IMPORT_TARGETS.msPer1000 ? 'meets' : 'ABOVE'})`,
          `long tasks on the page from the pick to the summary: ${f.longTasks}, the longest ${fixed(f.longestTaskMs)} ms (target: none over ${IMPORT_TARGETS.longTaskMs} ms: ${f.longTasks === 0 ? 'meets' : 'ABOVE'}); before the pick's change event (the browser listing the folder): ${fixed(f.beforePickMs)} ms`,
          `the dialog said: ${f.summary}`,
        ].join('\n'),
      ),
    );
  }
  parts.push(results.failures.length ? `\nFAILED:\n${results.failures.map((f) => `  - ${f}`).join('\n')}` : '\nAll figures produced.');
  return parts.join('\n');
}
