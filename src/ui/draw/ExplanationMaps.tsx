/** The markup of the two explanation maps; explanationView draws them. */
export function ExplanationMaps() {
  return (
    <div className="explanation-maps">
      <figure>
        <canvas className="explanation-saliency" role="img" aria-label="Saliency map" />
        <figcaption>
          <strong>Saliency</strong> <span className="hint">How strongly each pixel moves the score of <span data-role="class">the class</span>: the gradient of that score with respect to the input. Bright pixels matter most.</span>
        </figcaption>
      </figure>
      <figure>
        <canvas className="explanation-gradcam" role="img" aria-label="Grad-CAM map" />
        <figcaption>
          <strong>Grad-CAM</strong> <span className="hint" data-role="gradcam-text">Where the last convolution layer found evidence for <span data-role="class">the class</span>: its feature maps, each weighted by how much it raises that score.</span>
          <span className="hint" data-role="gradcam-zero" hidden>
            {' '}
            Here it is zero everywhere: weighted by their average gradients, the maps add up to nothing positive. That happens when a Dense layer reads the maps position by position; saliency still shows what matters.
          </span>
          <span className="hint" data-role="gradcam-none" hidden>
            It needs a convolution layer, and this network has none.
          </span>
        </figcaption>
      </figure>
    </div>
  );
}
