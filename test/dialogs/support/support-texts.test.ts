import { contactParams, excerptOf } from '../../../dialogs/support/support-texts';
import { testContacts } from '../../helpers/fake-turn';

describe('excerptOf', () => {
  it('keeps one line', () => {
    expect(excerptOf('  너무 힘들어요\n\n그냥  ')).toBe('너무 힘들어요 그냥');
  });

  it('cuts at 80 characters with an ellipsis', () => {
    const cut = excerptOf('가'.repeat(100));
    expect(cut).toHaveLength(80);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('contactParams', () => {
  it('takes every number from the contacts file', () => {
    const contacts = testContacts();
    expect(contactParams(contacts)).toMatchObject({
      n109: contacts.get('suicide109').phone,
      n1388: contacts.get('youth1388').phone,
      n112: contacts.get('police').phone,
    });
  });
});
