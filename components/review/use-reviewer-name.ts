'use client';
// The reviewer's name, remembered in this browser (localStorage). There is no login yet: the
// name records who said so, it does not prove it. Every component that reads it stays in sync.
import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'access-atlas.reviewer-name';
const EVENT = 'access-atlas:reviewer-name';

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

const read = (): string => window.localStorage.getItem(KEY) ?? '';

export function useReviewerName(): [string, (name: string) => void] {
  const name = useSyncExternalStore(subscribe, read, () => '');
  const setName = useCallback((value: string) => {
    window.localStorage.setItem(KEY, value);
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [name, setName];
}
