export { importClassFilesInWorker, importInWorker } from './importClient';
export { CopyFinder, importedImage, type ImageOrigin, type ImportedImage, type ImportInput, type ImportProgress, type ImportResult } from './importFiles';
export { KEPT_SIDE } from './decode';
export { loadOwnDataset } from './loadOwnDataset';
export { ownDatasetZip } from './ownZip';
export { OwnStore, OwnStorageError, OWN_DATABASE_NAME, type OwnDatasetRecord, type OwnImageRecord } from './ownStore';
export { IMAGE_EXTENSIONS, type SkippedFile } from './imageFolder';
export * as draft from './ownDraft';
export type { DraftClass, OwnDraft } from './ownDraft';
