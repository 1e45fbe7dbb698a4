/**
 * The geometry of an MNIST image, as LeCun, Cortes and Burges describe it and as measured on the
 * 10,000 real test images (tests/unit/data/digitMnist.test.ts checks these numbers).
 */

/** Output images are MNIST_SIZE x MNIST_SIZE pixels. */
export const MNIST_SIZE = 28;

/**
 * The ink's bounding box is scaled to fit a MNIST_BOX_PX square, keeping its aspect ratio. Measured:
 * 9,997 of the 10,000 test digits have a longer side of exactly 20 pixels of non-zero ink (3 have 19).
 */
export const MNIST_BOX_PX = 20;

/**
 * Where the centre of mass goes, in pixel-centre coordinates (pixel i covers [i, i+1]). Measured on
 * the test images: the grey-weighted centre of mass is at 14.01, 13.99 in *index* coordinates (pixel
 * i at i), i.e. 14.5 in pixel-centre coordinates: the centre of pixel (14, 14), half a pixel right of
 * and below the frame's geometric centre (14.0). Its spread is exactly [-0.5, +0.5] around index 14,
 * so MNIST translated by whole pixels; we translate by fractions and put it exactly there.
 */
export const MNIST_CENTRE_PX = 14.5;

/**
 * A typical MNIST stroke width in output pixels. Measured as ink mass (sum of values / 255) over
 * skeleton length (Zhang-Suen thinning of the pixels >= 128): the 60,000 training images median
 * 2.41 px, mean 2.58 px; the 10,000 test images median 2.45 px, mean 2.65 px (per digit from 2.05 px
 * for the "8"s to 2.9 px for the "1"s). The same measure on prepareStrokes' output of a few drawn
 * digits gives a median of 2.46 px (tests/unit/data/digitMnist.test.ts).
 */
export const MNIST_STROKE_WIDTH_PX = 2.5;
