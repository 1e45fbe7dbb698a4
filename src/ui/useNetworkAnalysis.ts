import { useMemo } from 'react';
import { analyzeNetwork, type NetworkAnalysis } from '../core/analysis/analyze';
import { datasetIdOf } from '../core/dataset';
import { knownDataset } from '../store/datasets';
import { useAppStore } from './context';

/**
 * Shapes, counts and problems of the current network, and whether it fits the dataset it is for
 * (a network for a dataset this page lacks is told so), recomputed only when the spec changes.
 */
export function useNetworkAnalysis(): NetworkAnalysis {
  const spec = useAppStore((s) => s.spec);
  const own = useAppStore((s) => s.ownDatasets);
  return useMemo(() => analyzeNetwork(spec, knownDataset(datasetIdOf(spec), own)), [spec, own]);
}
