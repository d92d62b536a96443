// Public entry of the Alibaba Cloud RAM collectors: live (official SDK) and the export file layout.
export { collectFromRamAccount, type CollectFromRamAccountOptions } from './collect-from-ram-account';
export { collectFromRamFiles, type CollectFromRamFilesOptions } from './collect-from-ram-files';
export { buildRamObjects } from './build-ram-snapshot';
export type { RamExport, RamExportInput } from './ram-export';
