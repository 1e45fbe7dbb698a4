import { useMemo } from 'react';
import { analyzeNetwork, type NetworkAnalysis } from '../core/analyze';
import { useAppStore } from './context';

/** Shapes, counts and problems of the current network, recomputed only when the spec changes. */
export function useNetworkAnalysis(): NetworkAnalysis {
  const spec = useAppStore((s) => s.spec);
  return useMemo(() => analyzeNetwork(spec), [spec]);
}
