/**
 * The camera for capturing examples: the stream, a frame's centred square mirrored as the preview
 * shows it (what you see is what is kept), and the browser's refusals in words.
 */
import { centredSquare } from '../../data/own/pixels';

export interface Camera {
  video: HTMLVideoElement;
  /** The current frame's centred square at `side` x `side`, mirrored; null before the first frame. */
  grab(side: number): { rgba: Uint8ClampedArray; shortSide: number } | null;
  stop(): void;
}

/** Why the camera could not start, in words a student can act on. */
export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The camera was refused. Allow it for this page (the camera icon in the address bar, or the site settings), then press "Use the camera" again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Plug one in (or use another way in: a folder, files or drawings).';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is busy: another app or tab is using it. Close that, then try again.';
    case 'Insecure':
      return 'This page can use a camera only when it is served over https or from localhost.';
    default:
      return `The camera could not start${error instanceof Error && error.message ? `: ${error.message}` : ''}.`;
  }
}

export async function startCamera(video: HTMLVideoElement): Promise<Camera> {
  if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('insecure'), { name: 'Insecure' });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false });
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    video,
    grab(side) {
      if (!context || video.videoWidth === 0) return null;
      canvas.width = side;
      canvas.height = side;
      const [x, y, square] = centredSquare(video.videoWidth, video.videoHeight);
      context.setTransform(-1, 0, 0, 1, side, 0);
      context.drawImage(video, x, y, square, square, 0, 0, side, side);
      return { rgba: context.getImageData(0, 0, side, side).data, shortSide: square };
    },
    stop() {
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
