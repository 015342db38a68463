// What the report tests share: the machine a fake run was measured on, and a measurement around a median.

export const machine = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 8,
  node: 'v20.0.0',
  date: '2026-01-01T00:00:00.000Z',
};

/** A measurement with this median and a spread of 1 either side. */
export const rate = (median) => ({ min: median - 1, median, max: median + 1 });
