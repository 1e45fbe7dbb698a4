import { useEffect, useRef } from 'react';
import type { AppState } from '../../store/appStore';
import type { InspectionView } from '../../store/inspectionSlice';
import { useAppStoreApi } from '../context';

/**
 * Calls `draw` with the latest inside-view snapshot now and whenever a new one arrives (or the colour
 * mode changes), outside React: a refresh never re-renders a component.
 */
export function useInspection(draw: (view: InspectionView | null, state: AppState) => void): void {
  const store = useAppStoreApi();
  const latest = useRef(draw);
  useEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    latest.current(store.getState().inspection, store.getState());
    return store.subscribe((state, previous) => {
      if (state.inspection !== previous.inspection || state.colorScaleMode !== previous.colorScaleMode) latest.current(state.inspection, state);
    });
  }, [store]);
}
