import { countSequentialRoundTrips } from '../../src';

const at = (startedAt: number, endedAt: number) => ({ startedAt, endedAt });

describe('countSequentialRoundTrips', () => {
  test('When nothing was requested, then 0; one request, 1', () => {
    expect(countSequentialRoundTrips([])).toBe(0);
    expect(countSequentialRoundTrips([at(5, 9)])).toBe(1);
  });

  test('When each request starts after the previous one ended (awaited one by one), then each is its own round', () => {
    expect(countSequentialRoundTrips([at(0, 10), at(11, 20), at(21, 30)])).toBe(3);
    // Starting exactly when the previous one ended is still after it.
    expect(countSequentialRoundTrips([at(0, 10), at(10, 20)])).toBe(2);
  });

  test('When requests overlap (sent together), then they count once, in any order given', () => {
    expect(countSequentialRoundTrips([at(0, 10), at(1, 12), at(2, 11)])).toBe(1);
    expect(countSequentialRoundTrips([at(2, 11), at(0, 10), at(1, 12)])).toBe(1);
  });

  test('When a session read is followed by a parallel page and count, then 2', () => {
    expect(countSequentialRoundTrips([at(0, 5), at(6, 15), at(6.5, 14)])).toBe(2);
  });

  test('When a request overlaps only a later member of a round, then the round is chained by overlap', () => {
    // b starts inside a, c starts inside b but after a ended: one chain, the caller never waited for all of them.
    expect(countSequentialRoundTrips([at(0, 10), at(5, 20), at(15, 25)])).toBe(1);
    // d starts after every earlier request ended: a new round.
    expect(countSequentialRoundTrips([at(0, 10), at(5, 20), at(15, 25), at(26, 30)])).toBe(2);
  });
});
