import { evaluateArithmetic } from './arithmetic';

describe('evaluateArithmetic (check expressions)', () => {
  it.each([
    ['1+2*3', 7],
    ['(1+2)*3', 9],
    ['10/4', 2.5],
    ['-3+5', 2],
    ['2*(3-(4-1))', 0],
    ['0.1*3', 0.30000000000000004],
    [' 7 - 2 - 1 ', 4],
    ['8/2/2', 2],
  ])('%s = %d', (source, expected) => {
    expect(evaluateArithmetic(source)).toBe(expected);
  });

  it.each(['', '2+', '(1+2', '1+2)', 'Math.max(1)', '2**3', '1/0', '1..2', 'process'])(
    'refuses %p',
    (source) => {
      expect(() => evaluateArithmetic(source)).toThrow();
    },
  );
});
