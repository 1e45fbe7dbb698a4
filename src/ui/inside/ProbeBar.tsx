import { useEffect, useRef } from 'react';
import { DrawPad, type DrawPadHandle } from '../draw/DrawPad';
import { useAppStore, useAppStoreApi } from '../context';
import { ProbePrediction } from './ProbePrediction';
import { TestImagePicker } from './ProbeImage';
import { useDataset } from '../useDataset';

/**
 * The image every layer looks at, beside the maps: a test image, or the user's drawing on a compact
 * pad; and the network's answer for it. Both sources stay mounted, so the drawing and the place
 * among the test images survive a switch. A dataset a drawing cannot stand for (photos of
 * clothing) has test images only, and the bar says why.
 */
export function ProbeBar() {
  const store = useAppStoreApi();
  const dataset = useDataset();
  const drawing = useAppStore((s) => s.probe.kind === 'pixels') && dataset.drawable;
  const pad = useRef<DrawPadHandle | null>(null);

  const chooseTestImage = () => {
    const probe = store.getState().probe;
    if (probe.kind === 'pixels') store.getState().setProbe({ kind: 'test', index: probe.lastTestIndex });
  };
  // A drawing stays on the pad for when a drawable dataset comes back; the probe is a test image meanwhile.
  useEffect(() => {
    if (!dataset.drawable) chooseTestImage();
  });

  return (
    <section className={drawing ? 'probe drawing' : 'probe'} aria-labelledby="probe-heading">
      <h3 id="probe-heading" className="probe-heading">
        Probe image
      </h3>
      {dataset.drawable ? (
        <div className="probe-source" role="radiogroup" aria-labelledby="probe-heading">
          <label>
            <input type="radio" name="probe-source" value="test" checked={!drawing} onChange={chooseTestImage} /> Test image
          </label>
          <label>
            <input type="radio" name="probe-source" value="drawing" checked={drawing} onChange={() => pad.current?.sendDrawing()} /> My drawing
          </label>
        </div>
      ) : (
        <p className="probe-note hint" title={`A drawing on the pad cannot look like ${dataset.name}'s photos: the pad is for MNIST's digits.`}>
          Test images only: the pad draws digits (MNIST).
        </p>
      )}
      <div className="probe-input" hidden={drawing}>
        <TestImagePicker />
      </div>
      <div className="probe-input" hidden={!drawing}>
        <DrawPad handle={pad} />
      </div>
      <ProbePrediction />
    </section>
  );
}
