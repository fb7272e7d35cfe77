import { command, coreState, say } from '../../../dialogs/core/commands';
import { fakeTurn, testTexts } from '../../helpers/fake-turn';

describe('command', () => {
  const help = command('help', ['도움말', 'Help me'], ['core:help'], () => ({
    reply: { messages: [], quickReplies: [] },
  }));

  it('matches a typed phrase whatever its spacing and case', () => {
    expect(help.match(fakeTurn({ text: '도움말' }).ctx)).toBe(1);
    expect(help.match(fakeTurn({ text: ' help  ME ' }).ctx)).toBe(1);
  });

  it('matches its postback, and never the words that came with a tapped button', () => {
    expect(help.match(fakeTurn({ postback: 'core:help' }).ctx)).toBe(1);
    expect(help.match(fakeTurn({ text: '도움말', postback: 'menu:open' }).ctx)).toBe(0);
  });

  it('does not match a sentence that only contains the phrase', () => {
    expect(help.match(fakeTurn({ text: '도움말 좀 보여 줄래요?' }).ctx)).toBe(0);
  });
});

describe('say and coreState', () => {
  it('says one catalogue sentence with its parameters', () => {
    const { ctx } = fakeTurn();
    expect(say(ctx, 'core.comingSoon', { item: '퀴즈' })).toEqual({
      messages: [{ type: 'text', text: testTexts().ko.t('core.comingSoon', { item: '퀴즈' }) }],
      quickReplies: [],
    });
  });

  it('names a step of the core flow', () => {
    expect(coreState('deleteConfirm')).toMatchObject({ flow: 'core', step: 'deleteConfirm', answers: {} });
  });
});
