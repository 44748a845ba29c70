import { alignLists } from './list-alignment';

const item = (id: string, v = 1) => ({ id, v });

describe('alignLists', () => {
  it('aligns an inserted item as one insertion, the items after it with their counterparts', () => {
    expect(
      alignLists([item('a'), item('b'), item('c')], [item('a'), item('x'), item('b'), item('c')]),
    ).toEqual([
      { before: item('a'), after: item('a'), index: 0 },
      { after: item('x'), index: 1 },
      { before: item('b'), after: item('b'), index: 2 },
      { before: item('c'), after: item('c'), index: 3 },
    ]);
  });

  it('aligns a removed item at its base index', () => {
    expect(alignLists([item('a'), item('b'), item('c')], [item('a'), item('c')])).toEqual([
      { before: item('a'), after: item('a'), index: 0 },
      { before: item('b'), index: 1 },
      { before: item('c'), after: item('c'), index: 1 },
    ]);
  });

  it('pairs a changed item with the one it replaced between equal neighbours', () => {
    expect(alignLists([item('a'), item('b'), item('c')], [item('a'), item('b', 2), item('c')])).toEqual([
      { before: item('a'), after: item('a'), index: 0 },
      { before: item('b'), after: item('b', 2), index: 1 },
      { before: item('c'), after: item('c'), index: 2 },
    ]);
  });

  it('pairs what it can and adds the surplus when items are changed and inserted together', () => {
    expect(alignLists([item('a'), item('b')], [item('a', 2), item('x'), item('b')])).toEqual([
      { before: item('a'), after: item('a', 2), index: 0 },
      { after: item('x'), index: 1 },
      { before: item('b'), after: item('b'), index: 2 },
    ]);
  });

  it('handles empty sides', () => {
    expect(alignLists([], [item('a')])).toEqual([{ after: item('a'), index: 0 }]);
    expect(alignLists([item('a')], [])).toEqual([{ before: item('a'), index: 0 }]);
  });
});
