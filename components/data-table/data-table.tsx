'use client';

// One table for every list in the dashboard: sorting, a text filter, resizable columns, and
// row virtualization once a list is long enough that rendering every row would stall the page.
// Rows are real table rows with explicit ARIA roles (table, row, columnheader, rowheader, cell),
// so a screen reader and getByRole see a table even though the layout is flex-based (a
// virtualized body positions its rows absolutely, which native table layout cannot do).
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, useState, type ReactNode } from 'react';
import { ColumnHeader } from './column-header';

/** Below this many rows everything is rendered (the page scrolls); above, only what is visible. */
export const VIRTUALIZE_ABOVE = 150;

export interface DataTableProps<T> {
  /** The table's accessible name, e.g. "Subjects". */
  label: string;
  data: T[];
  /** Column defs: give each an `id`, a string `header`, and `size` (px, the starting width). */
  columns: ColumnDef<T>[];
  getRowId: (row: T) => string;
  /** The column whose cells name the row (rendered as row headers). */
  rowHeaderColumn?: string;
  /** The text the filter matches for a row (case-insensitive substring); no filter box without it. */
  filterText?: (row: T) => string;
  filterPlaceholder?: string;
  initialSorting?: SortingState;
  /** Shown instead of the body when there are no rows at all. */
  empty?: ReactNode;
  /** Rendered next to the filter box (counts, links). */
  toolbar?: ReactNode;
  /** Estimated row height for virtualization (measured after render). */
  estimateRowHeight?: number;
  virtualizeAbove?: number;
  /** The filter text to start with (e.g. from the URL's `q`). */
  initialFilter?: string;
  /** Called as the filter text changes, to keep it in the URL. */
  onFilterChange?: (text: string) => void;
}

function makeFilter<T>(filterText: ((row: T) => string) | undefined): FilterFn<T> {
  const cache = new WeakMap<object, string>();
  return (row: Row<T>, _columnId, value: unknown) => {
    if (!filterText || typeof value !== 'string' || value.trim() === '') return true;
    const original = row.original as object;
    let text = cache.get(original);
    if (text === undefined) {
      text = filterText(row.original).toLowerCase();
      cache.set(original, text);
    }
    return value
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => text.includes(word));
  };
}

/** Columns may set `meta: { align: 'right' }` for numbers. */
function isRight(meta: unknown): boolean {
  return typeof meta === 'object' && meta !== null && 'align' in meta && meta.align === 'right';
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { label, data, columns, getRowId, rowHeaderColumn, filterText, filterPlaceholder, initialSorting, empty, toolbar } = props;
  const [sorting, setSorting] = useState<SortingState>(initialSorting ?? []);
  const [globalFilter, setGlobalFilter] = useState(props.initialFilter ?? '');
  const [globalFilterFn] = useState(() => makeFilter(filterText));
  const filterId = useId();

  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    globalFilterFn,
    getColumnCanGlobalFilter: () => true,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    columnResizeMode: 'onChange',
    enableColumnResizing: true,
  });

  const rows = table.getRowModel().rows;
  const isVirtual = rows.length > (props.virtualizeAbove ?? VIRTUALIZE_ABOVE);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: isVirtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => props.estimateRowHeight ?? 34,
    overscan: 12,
    measureElement: (el) => el.getBoundingClientRect().height,
  });

  const headerGroups = table.getHeaderGroups();
  const cellStyle = (size: number) => ({ flex: `${size} 0 ${size}px` });

  const renderRow = (row: Row<T>, index: number, virtualStart?: number) => (
    <div
      role="row"
      className="dt-row"
      key={row.id}
      aria-rowindex={index + 2}
      {...(virtualStart !== undefined && {
        'data-index': index,
        ref: virtualizer.measureElement,
        style: { position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${virtualStart}px)` },
      })}
    >
      {row.getVisibleCells().map((cell) => (
        <div
          key={cell.id}
          role={cell.column.id === rowHeaderColumn ? 'rowheader' : 'cell'}
          className={`dt-cell${cell.column.id === rowHeaderColumn ? ' dt-rowheader' : ''}${isRight(cell.column.columnDef.meta) ? ' dt-num' : ''}`}
          style={cellStyle(cell.column.getSize())}
        >
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </div>
      ))}
    </div>
  );

  const total = data.length;
  const shown = rows.length;
  return (
    <div className="dt">
      {(filterText || toolbar) && (
        <div className="dt-toolbar">
          {filterText && (
            <>
              <label htmlFor={filterId} className="visually-hidden">
                Filter {label}
              </label>
              <input
                id={filterId}
                type="search"
                className="dt-filter"
                placeholder={filterPlaceholder ?? `Filter ${label.toLowerCase()}…`}
                value={globalFilter}
                onChange={(e) => {
                  setGlobalFilter(e.target.value);
                  props.onFilterChange?.(e.target.value);
                }}
                autoComplete="off"
                spellCheck={false}
              />
            </>
          )}
          <span className="muted dt-count" aria-live="polite">
            {shown === total ? `${total} rows` : `${shown} of ${total} rows`}
          </span>
          {toolbar}
        </div>
      )}
      {total === 0 && empty ? (
        <div className="dt-empty">{empty}</div>
      ) : (
        <div
          ref={scrollRef}
          className={isVirtual ? 'dt-scroll dt-scroll-virtual' : 'dt-scroll'}
          {...(isVirtual && { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrollable)` })}
        >
          <div role="table" aria-label={label} aria-rowcount={shown + 1} className="dt-table" style={{ minWidth: table.getTotalSize() }}>
            <div role="rowgroup" className="dt-head">
              {headerGroups.map((group) => (
                <div role="row" className="dt-row dt-header-row" key={group.id} aria-rowindex={1}>
                  {group.headers.map((header) => (
                    <ColumnHeader key={header.id} header={header} style={cellStyle(header.getSize())} />
                  ))}
                </div>
              ))}
            </div>
            <div
              role="rowgroup"
              className="dt-body"
              style={isVirtual ? { position: 'relative', height: virtualizer.getTotalSize() } : undefined}
            >
              {isVirtual
                ? virtualizer.getVirtualItems().map((item) => {
                    const row = rows[item.index];
                    return row ? renderRow(row, item.index, item.start) : null;
                  })
                : rows.map((row, i) => renderRow(row, i))}
              {shown === 0 && (
                <div role="row" className="dt-row">
                  <div role="cell" className="dt-cell muted">
                    No row matches the filter.
                  </div>
                </div>
              )}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
