export { DataTable, VIRTUALIZE_ABOVE } from './data-table';
export type { DataTableProps } from './data-table';
