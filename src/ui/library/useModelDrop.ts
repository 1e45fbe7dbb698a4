import { useEffect } from 'react';
import { useFiles } from '../context';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** Model files dropped anywhere on the page are opened; the page shows a drop outline meanwhile. */
export function useModelDrop(): void {
  const files = useFiles();
  useEffect(() => {
    const root = document.documentElement;
    const controller = new AbortController();
    const { signal } = controller;
    document.addEventListener(
      'dragover',
      (event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        root.classList.add('dropping-files');
      },
      { signal },
    );
    document.addEventListener('dragleave', (event) => event.relatedTarget === null && root.classList.remove('dropping-files'), { signal });
    document.addEventListener(
      'drop',
      (event) => {
        root.classList.remove('dropping-files');
        if (!hasFiles(event)) return;
        event.preventDefault();
        const dropped = Array.from(event.dataTransfer?.files ?? []);
        if (dropped.length > 0) void files.open(dropped);
      },
      { signal },
    );
    return () => controller.abort();
  }, [files]);
}
