import { useRef } from 'react';
import { DrawPad, type DrawPadHandle } from '../draw/DrawPad';
import { useAppStore, useAppStoreApi } from '../context';
import { ProbePrediction } from './ProbePrediction';
import { TestImagePicker } from './ProbeImage';

/**
 * The image every layer looks at, beside the maps: a test image, or the user's drawing on a compact
 * pad; and the network's answer for it. Both sources stay mounted, so the drawing and the place
 * among the test images survive a switch.
 */
export function ProbeBar() {
  const store = useAppStoreApi();
  const drawing = useAppStore((s) => s.probe.kind === 'pixels');
  const pad = useRef<DrawPadHandle | null>(null);

  const chooseTestImage = () => {
    const probe = store.getState().probe;
    if (probe.kind === 'pixels') store.getState().setProbe({ kind: 'test', index: probe.lastTestIndex });
  };

  return (
    <section className={drawing ? 'probe drawing' : 'probe'} aria-labelledby="probe-heading">
      <h3 id="probe-heading" className="probe-heading">
        Probe image
      </h3>
      <div className="probe-source" role="radiogroup" aria-labelledby="probe-heading">
        <label>
          <input type="radio" name="probe-source" value="test" checked={!drawing} onChange={chooseTestImage} /> Test image
        </label>
        <label>
          <input type="radio" name="probe-source" value="drawing" checked={drawing} onChange={() => pad.current?.sendDrawing()} /> My drawing
        </label>
      </div>
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
