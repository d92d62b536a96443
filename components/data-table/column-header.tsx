'use client';

// A sortable, resizable column header. Sorting is a button (Enter/Space), the header carries
// aria-sort; the resize handle is a focusable separator that arrow keys move as well as the mouse.
import type { Header } from '@tanstack/react-table';
import type { CSSProperties, KeyboardEvent } from 'react';

const STEP = 24;
const MIN = 60;

function headerText<T>(header: Header<T, unknown>): string {
  const h = header.column.columnDef.header;
  return typeof h === 'string' ? h : header.column.id;
}

function isRightAligned(meta: unknown): boolean {
  return typeof meta === 'object' && meta !== null && 'align' in meta && meta.align === 'right';
}

export function ColumnHeader<T>({ header, style }: { header: Header<T, unknown>; style: CSSProperties }) {
  const column = header.column;
  const text = headerText(header);
  const sorted = column.getIsSorted();
  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : column.getCanSort() ? 'none' : undefined;
  const resize = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta = event.key === 'ArrowRight' ? STEP : event.key === 'ArrowLeft' ? -STEP : 0;
    if (delta === 0) return;
    event.preventDefault();
    const size = Math.max(MIN, column.getSize() + delta);
    header.getContext().table.setColumnSizing((old) => ({ ...old, [column.id]: size }));
  };
  const meta = column.columnDef.meta;
  return (
    <div role="columnheader" aria-sort={ariaSort} className={`dt-cell dt-th${isRightAligned(meta) ? ' dt-num' : ''}`} style={style}>
      {column.getCanSort() ? (
        <button type="button" className="dt-sort" onClick={column.getToggleSortingHandler()}>
          {text}
          <span className="dt-sort-mark" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        <span>{text}</span>
      )}
      {column.getCanResize() && (
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize column ${text}`}
          aria-valuenow={column.getSize()}
          tabIndex={0}
          className={`dt-resizer${column.getIsResizing() ? ' is-resizing' : ''}`}
          onMouseDown={header.getResizeHandler()}
          onTouchStart={header.getResizeHandler()}
          onDoubleClick={() => column.resetSize()}
          onKeyDown={resize}
        />
      )}
    </div>
  );
}
