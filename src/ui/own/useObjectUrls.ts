import { useCallback, useEffect, useRef } from 'react';

/** `urlOf(blob)`: one object URL per blob for as long as the component lives, all revoked when it goes. */
export function useObjectUrls(): (blob: Blob) => string {
  const urls = useRef(new Map<Blob, string>());
  useEffect(() => {
    const made = urls.current;
    return () => {
      for (const url of made.values()) URL.revokeObjectURL(url);
      made.clear();
    };
  }, []);
  return useCallback((blob: Blob) => {
    let url = urls.current.get(blob);
    if (!url) {
      url = URL.createObjectURL(blob);
      urls.current.set(blob, url);
    }
    return url;
  }, []);
}
