// Who can do this? Every binding subject that a granting binding names, with every path.
// The grant index narrows the rules to look at; the upstream matching functions decide what a
// bucket key does not already settle (candidate-grants.ts).
//
// Answers to broad questions (all namespaces) hold thousands of subjects and paths, so the
// work per granting grant is kept to reading numbers from flat arrays front to back: bucket
// lists come sorted by rank and are merged, not sorted; scratch buffers are reused across
// queries, not allocated per query with the size of the whole snapshot.

import type { AuthzIndex } from './authz-index';
import { candidateListIds, entryAllows } from './candidate-grants';
import type { AuthzRequest, Match, WhoCanAnswer, WhoCanSubject } from './types';

export interface WhoCanOptions {
  /** Count RoleBindings in every namespace (resource requests only; RoleBindings never grant non-resource URLs). */
  allNamespaces?: boolean;
}

/**
 * Per-index working memory. whoCan is synchronous and never re-entered, so one set per index
 * is enough; `count` is all 0 between queries (each query resets the entries it touched).
 */
interface Scratch {
  /** Two buffers of bucket entries that merges alternate between. */
  entries: [Int32Array, Int32Array];
  /** The runs of granting entries that share a binding: where each ends, and the binding. */
  runEnd: Int32Array;
  runBinding: Int32Array;
  /** Subject rank -> number of paths in the answer being built, then a fill cursor. */
  count: Int32Array;
  /** Subject rank -> position in the answer being built (valid for this query's subjects only). */
  slot: Int32Array;
  /** The subject ranks of the answer being built. */
  touched: Int32Array;
}

const scratchByIndex = new WeakMap<AuthzIndex, Scratch>();

function scratchOf(index: AuthzIndex): Scratch {
  let scratch = scratchByIndex.get(index);
  if (!scratch) {
    // A union holds each grant at most once, so the grant count bounds every buffer.
    const grants = index.grantsByRank.length;
    const subjects = index.subjectsByRank.length;
    scratch = {
      entries: [new Int32Array(grants), new Int32Array(grants)],
      runEnd: new Int32Array(grants),
      runBinding: new Int32Array(grants),
      count: new Int32Array(subjects),
      slot: new Int32Array(subjects),
      touched: new Int32Array(subjects),
    };
    scratchByIndex.set(index, scratch);
  }
  return scratch;
}

/**
 * Merges the entries `union` (ascending by rank) with list `id` of the buckets into `out`. A
 * grant in both is kept once: equal ranks are the same grant. Returns the merged length.
 */
function mergeList(index: AuthzIndex, union: Int32Array, id: number, out: Int32Array): number {
  const { listStart, entryRank } = index.buckets;
  let i = 0;
  let j = listStart[id] as number;
  const end = listStart[id + 1] as number;
  let n = 0;
  while (i < union.length && j < end) {
    const a = union[i] as number;
    const rankA = entryRank[a] as number;
    const rankB = entryRank[j] as number;
    if (rankA <= rankB) i++;
    if (rankB <= rankA) j++;
    out[n++] = rankA <= rankB ? a : j - 1;
  }
  while (i < union.length) out[n++] = union[i++] as number;
  while (j < end) out[n++] = j++;
  return n;
}

/** The entries of the granting grants, ascending by rank, one per grant (a view into scratch). */
function grantingEntries(index: AuthzIndex, request: AuthzRequest, allNamespaces: boolean, scratch: Scratch): Int32Array {
  const [bufA, bufB] = scratch.entries;
  let union = bufA.subarray(0, 0);
  for (const id of candidateListIds(index, request, allNamespaces)) {
    const out = union.buffer === bufA.buffer ? bufB : bufA;
    union = out.subarray(0, mergeList(index, union, id, out));
  }
  const out = union.buffer === bufA.buffer ? bufB : bufA;
  let n = 0;
  for (let i = 0; i < union.length; i++) {
    const entry = union[i] as number;
    if (entryAllows(index, entry, request)) out[n++] = entry;
  }
  return out.subarray(0, n);
}

/**
 * Splits the granting entries into runs of one binding; grants of one binding are adjacent in
 * rank order. Counts each subject's paths; returns the number of runs and the number of
 * distinct subjects (their ranks in scratch.touched, unordered).
 */
function countPaths(index: AuthzIndex, granting: Int32Array, scratch: Scratch): { runs: number; subjects: number } {
  const { entryBinding } = index.buckets;
  const { subjectStart, subjectRanks } = index.subjectTables;
  const { runEnd, runBinding, count, touched } = scratch;
  let runs = 0;
  let subjects = 0;
  for (let i = 0; i < granting.length;) {
    const binding = entryBinding[granting[i] as number] as number;
    let end = i + 1;
    while (end < granting.length && entryBinding[granting[end] as number] === binding) end++;
    runEnd[runs] = end;
    runBinding[runs++] = binding;
    const last = subjectStart[binding + 1] as number;
    for (let s = subjectStart[binding] as number; s < last; s++) {
      const subject = subjectRanks[s] as number;
      if (count[subject] === 0) touched[subjects++] = subject;
      count[subject] = (count[subject] as number) + end - i;
    }
    i = end;
  }
  return { runs, subjects };
}

/**
 * This answer's subject ranks, ascending. A broad answer names a good share of all subjects;
 * then one pass over the counts is cheaper than sorting (m log m), and gives the same order.
 */
function subjectsInOrder(scratch: Scratch, subjects: number): Int32Array {
  const { count, touched } = scratch;
  if (subjects * 16 < count.length) return touched.subarray(0, subjects).sort();
  let n = 0;
  for (let rank = 0; rank < count.length; rank++) if (count[rank] !== 0) touched[n++] = rank;
  return touched.subarray(0, n);
}

/**
 * The answer: subjects in rank order (kind, namespace, name), each with its paths in rank
 * order (path order). Path lists are allocated at their final length, then filled run by run,
 * so every subject's list receives its grants in ascending rank.
 */
function collectSubjects(index: AuthzIndex, granting: Int32Array, scratch: Scratch): WhoCanAnswer {
  const { entryMatch } = index.buckets;
  const { subjectStart, subjectRanks, subjectKind, subjectName, subjectNamespace } = index.subjectTables;
  const { runEnd, runBinding, count, slot } = scratch;
  const sizes = countPaths(index, granting, scratch);
  const ranks = subjectsInOrder(scratch, sizes.subjects);
  const subjects = new Array<WhoCanSubject>(ranks.length);
  const lists = new Array<Match[]>(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i] as number;
    const kind = subjectKind[rank] as WhoCanSubject['kind'];
    const name = subjectName[rank] as string;
    const namespace = subjectNamespace[rank];
    const matchedBy = new Array<Match>(count[rank] as number);
    slot[rank] = i;
    count[rank] = 0;
    lists[i] = matchedBy;
    subjects[i] = namespace === undefined ? { kind, name, matchedBy } : { kind, name, namespace, matchedBy };
  }
  for (let run = 0, i = 0; run < sizes.runs; run++) {
    const binding = runBinding[run] as number;
    const end = runEnd[run] as number;
    const last = subjectStart[binding + 1] as number;
    for (let s = subjectStart[binding] as number; s < last; s++) {
      const subject = subjectRanks[s] as number;
      const list = lists[slot[subject] as number] as Match[];
      let at = count[subject] as number;
      for (let k = i; k < end; k++) list[at++] = entryMatch[granting[k] as number] as Match;
      count[subject] = at;
    }
    i = end;
  }
  for (const rank of ranks) count[rank] = 0;
  return { subjects };
}

/** Every subject that a binding granting the request names, with every granting path. Works for any verb string. */
export function whoCan(index: AuthzIndex, request: AuthzRequest, opts: WhoCanOptions = {}): WhoCanAnswer {
  const scratch = scratchOf(index);
  try {
    return collectSubjects(index, grantingEntries(index, request, opts.allNamespaces === true, scratch), scratch);
  } catch (error) {
    // A query cut short (say, by a stack overflow) may leave counts behind; later answers must not see them.
    scratchByIndex.delete(index);
    throw error;
  }
}
