/**
 * Runs the latest pending draw of an element only while it is on screen (inside its scrolling panel
 * and the viewport), and as soon as it comes back into view: live views draw only what is seen.
 */
export interface VisibleDrawer {
  /** Draws now if the element is visible, else keeps only this latest draw for when it is. */
  draw(run: () => void): void;
  dispose(): void;
}

export function drawWhenVisible(element: Element): VisibleDrawer {
  let visible = true;
  let pending: (() => void) | null = null;
  const observer = new IntersectionObserver(([entry]) => {
    visible = entry?.isIntersecting ?? true;
    if (visible && pending) {
      const run = pending;
      pending = null;
      run();
    }
  });
  observer.observe(element);
  return {
    draw(run) {
      if (visible) {
        pending = null;
        run();
      } else {
        pending = run;
      }
    },
    dispose: () => observer.disconnect(),
  };
}
