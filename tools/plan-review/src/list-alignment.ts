import { jsonEqual, type Json } from './json';

/** One position of two aligned lists: an item on both sides, or on one side only. */
export interface AlignedItem {
  readonly before?: Json;
  readonly after?: Json;
  /** The item's index at the head, or at the base for an item only the base has. */
  readonly index: number;
}

/**
 * Aligns two lists of blocks so that an inserted or removed item does not shift every item after
 * it: the items equal on both sides (a longest common subsequence) are anchors, and between two
 * anchors the remaining items pair up in order (a changed item), the surplus being added or removed.
 */
export function alignLists(before: readonly Json[], after: readonly Json[]): AlignedItem[] {
  // common[i][j]: the length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--)
    for (let j = after.length - 1; j >= 0; j--)
      common[i][j] = jsonEqual(before[i], after[j])
        ? common[i + 1][j + 1] + 1
        : Math.max(common[i + 1][j], common[i][j + 1]);

  const aligned: AlignedItem[] = [];
  let [unmatchedBefore, unmatchedAfter]: [number[], number[]] = [[], []];
  const pairUnmatched = () => {
    const paired = Math.min(unmatchedBefore.length, unmatchedAfter.length);
    for (let k = 0; k < paired; k++)
      aligned.push({
        before: before[unmatchedBefore[k]],
        after: after[unmatchedAfter[k]],
        index: unmatchedAfter[k],
      });
    for (const i of unmatchedBefore.slice(paired)) aligned.push({ before: before[i], index: i });
    for (const j of unmatchedAfter.slice(paired)) aligned.push({ after: after[j], index: j });
    [unmatchedBefore, unmatchedAfter] = [[], []];
  };
  let [i, j] = [0, 0];
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && jsonEqual(before[i], after[j])) {
      pairUnmatched();
      aligned.push({ before: before[i], after: after[j], index: j });
      [i, j] = [i + 1, j + 1];
    } else if (j >= after.length || (i < before.length && common[i + 1][j] >= common[i][j + 1])) {
      unmatchedBefore.push(i++);
    } else {
      unmatchedAfter.push(j++);
    }
  }
  pairUnmatched();
  return aligned;
}
