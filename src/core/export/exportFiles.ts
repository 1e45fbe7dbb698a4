/** The files Export writes, per language: the code, and the weights it loads. */
export type ExportLanguage = 'pytorch' | 'tfjs';

export const EXPORT_FILES: Record<ExportLanguage, { code: string; weights: string }> = {
  pytorch: { code: 'kernelscope_net.py', weights: 'model.safetensors' },
  tfjs: { code: 'kernelscope-model.ts', weights: 'model.json' },
};
