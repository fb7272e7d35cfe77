import { loggableType } from '../../../integrations/line/webhook';

describe('loggableType', () => {
  it('logs a type that looks like one of LINE’s', () => {
    expect(loggableType('beacon')).toBe('beacon');
    expect(loggableType('things/link')).toBe('things/link');
  });

  it('logs "other" for anything a sender could smuggle into the logs', () => {
    expect(loggableType('drop table; --')).toBe('other');
    expect(loggableType(42)).toBe('other');
    expect(loggableType('a'.repeat(100))).toHaveLength(40);
  });
});
