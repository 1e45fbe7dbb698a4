import { createColorScale } from './colorScale';

export interface OverlayMapData {
  /** The image under the map, values in [0, 1], [height, width, channels] row-major: grey for 1 channel, colour for 3. */
  base: Float32Array;
  /** 1 (grey, the default) or 3 (red, green, blue side by side). */
  channels?: number;
  /** The map over it, >= 0, height*width row-major; scaled to its own maximum. null draws the base alone. */
  overlay: Float32Array | null;
  height: number;
  width: number;
}

export interface OverlayMapRenderer {
  /** New data; drawn on the next animation frame. */
  update(data: OverlayMapData): void;
  destroy(): void;
}

/** How much of the grey image shows where the map is 0, and how opaque the map's strongest cell is. */
const BASE_WEIGHT = 0.45;
const MAX_ALPHA = 0.85;

/**
 * A map laid over the image it explains (Grad-CAM over the digit): the image dimmed (grey, or colour for a colour image), the map in
 * viridis whose opacity grows with its value, so the strokes show through where the map is weak.
 * `cellSize` CSS pixels per cell, drawn without smoothing.
 */
export function createOverlayMapRenderer(canvas: HTMLCanvasElement, options: { cellSize: number }): OverlayMapRenderer {
  const context = canvas.getContext('2d');
  const source = document.createElement('canvas');
  const sourceContext = source.getContext('2d');
  if (!context || !sourceContext) throw new Error('This browser cannot draw on a canvas.');
  const scale = createColorScale(0, 1);
  let data: OverlayMapData | null = null;
  let frame = 0;

  const draw = () => {
    frame = 0;
    if (!data) return;
    const { base, overlay, width, height } = data;
    const channels = data.channels ?? 1;
    if (source.width !== width || source.height !== height) {
      source.width = width;
      source.height = height;
    }
    let max = 0;
    if (overlay) for (const v of overlay) if (v > max) max = v;
    const image = sourceContext.createImageData(width, height);
    const pixels = image.data;
    for (let i = 0; i < width * height; i++) {
      const t = max > 0 ? Math.max(0, overlay?.[i] ?? 0) / max : 0;
      const alpha = t * MAX_ALPHA;
      const lut = scale.index(t) * 4;
      for (let k = 0; k < 3; k++) {
        const under = Math.min(1, Math.max(0, base[i * channels + (channels === 3 ? k : 0)] ?? 0)) * 255 * BASE_WEIGHT + 17;
        pixels[i * 4 + k] = under * (1 - alpha) + (scale.lut[lut + k] ?? 0) * alpha;
      }
      pixels[i * 4 + 3] = 255;
    }
    sourceContext.putImageData(image, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = width * options.cellSize;
    const cssHeight = height * options.cellSize;
    if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
      canvas.width = Math.round(cssWidth * ratio);
      canvas.height = Math.round(cssHeight * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.imageSmoothingEnabled = false;
    context.drawImage(source, 0, 0, cssWidth, cssHeight);
  };

  return {
    update(next) {
      data = next;
      if (!frame) frame = requestAnimationFrame(draw);
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      data = null;
    },
  };
}
