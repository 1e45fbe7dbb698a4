export { importInWorker } from './importClient';
export type { ImportedImage, ImportInput, ImportProgress, ImportResult } from './importFiles';
export { KEPT_SIDE } from './decode';
export { loadOwnDataset } from './loadOwnDataset';
export { ownDatasetZip } from './ownZip';
export { OwnStore, OwnStorageError, OWN_DATABASE_NAME, type OwnDatasetRecord, type OwnImageRecord } from './ownStore';
export { IMAGE_EXTENSIONS } from './imageFolder';
