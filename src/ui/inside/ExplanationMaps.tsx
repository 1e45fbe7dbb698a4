/** The markup of the two explanation maps; explanationView draws them. */
export function ExplanationMaps() {
  return (
    <div className="explanation-maps">
      <figure>
        <canvas className="explanation-saliency" role="img" aria-label="Saliency map" />
        <figcaption>
          <strong>Saliency</strong> <span className="hint">The pixels whose change moves the score of <span data-role="class">the class</span> most: its gradient by the input.</span>
        </figcaption>
      </figure>
      <figure>
        <canvas className="explanation-gradcam" role="img" aria-label="Grad-CAM map" />
        <figcaption>
          <strong>Grad-CAM</strong> <span className="hint" data-role="gradcam-text">Where the last convolution layer saw evidence for <span data-role="class">the class</span> (bright, over the image): its maps weighted by their mean gradients.</span>
          <span className="hint" data-role="gradcam-zero" hidden>
            {' '}
            Here it is zero everywhere: the weighted maps add up to nothing positive, as happens when a Dense layer reads them position by position.
          </span>
          <span className="hint" data-role="gradcam-none" hidden>
            It needs a convolution layer, and this network has none.
          </span>
        </figcaption>
      </figure>
    </div>
  );
}
