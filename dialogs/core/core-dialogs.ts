import { matchChoice, normalizeTyped, numberedList } from '../../bot/choices';
import type { DialogState, Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import { updatePerson } from '../../bot/people-store';
import type { Person } from '../../bot/people';
import { deletePersonData } from '../../bot/privacy';
import type { Contacts } from '../../bot/contacts';
import { looksLikeQuestion, type CoreDialogs } from '../../bot/dialog/engine';
import { isProgrammeQuestion } from '../../knowledge/answers/programme-question';
import { parseYesNo } from '../../bot/dialog/parsers/yes-no';
import { choicesReply, emptyReply, joinReplies } from '../../bot/dialog/reply';
import { answerAgeBand, askAgeReply, isAgeState } from './consent';
import { socialIntent } from './social';
import { createCodeCommands } from './code-commands';
import { command, CORE_V, coreState, say } from './commands';

export { pendingCode } from './code-commands';

/** Postbacks of the main menu; capabilities claim them with their own intents. */

export const MENU_POSTBACKS = {
  eligibility: 'eligibility:start',
  quiz: 'quiz:start',
  support: 'support:start',
  about: 'knowledge:about',
} as const;

/** The main menu as buttons plus a numbered list (PC clients hide quick replies). */
export function menuOptions(ctx: TurnContext): QuickReply[] {
  const t = ctx.texts;
  // A parent is offered their child's week (the quiz's `quiz:child`), not a quiz of their own.
  const parent = ctx.person.audience === 'parent';
  return (Object.keys(MENU_POSTBACKS) as (keyof typeof MENU_POSTBACKS)[]).map((item) =>
    parent && item === 'quiz'
      ? { label: t.t('quiz.childMenu'), postback: 'quiz:child' }
      : { label: t.t(`core.menuItems.${item}`), postback: MENU_POSTBACKS[item] },
  );
}

/** Shows the menu and remembers it, so "2" or "오늘의 퀴즈" typed next picks the item. */
export function showMenu(ctx: TurnContext, lead?: Reply): TurnResult {
  const options = menuOptions(ctx);
  const title = ctx.texts.t(ctx.person.audience === 'parent' ? 'core.menuTitleParent' : 'core.menuTitle');
  return {
    reply: {
      messages: [...(lead?.messages ?? []), { type: 'text', text: `${title}\n${numberedList(options)}` }],
      quickReplies: options,
    },
    suggestions: options,
  };
}

const deleteOptions = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('core.deleteYes'), postback: 'core:delete:yes' },
  { label: ctx.texts.t('core.deleteNo'), postback: 'core:delete:no' },
];

// Who is writing, in the words people use ("학생", "중2 학생이요", "애 엄마예요", "학부모").
const PARENT_WORDS =
  /(학부모|부모|엄마|아빠|어머니|아버지|보호자|할머니|할아버지|parent|mother|father|mom|dad)/i;
const STUDENT_WORDS = /(학생|초[1-6]|중[1-3]|고[1-3]|student|저요|나요)/i;

function audienceFrom(ctx: TurnContext): 'student' | 'parent' | null {
  const chosen = matchChoice(ctx.input, audienceOptions(ctx));
  if (chosen) return chosen.postback.endsWith('parent') ? 'parent' : 'student';
  const typed = ctx.input.text.trim();
  if (!typed || typed.length > 20 || looksLikeQuestion(typed)) return null;
  if (PARENT_WORDS.test(typed)) return 'parent';
  return STUDENT_WORDS.test(typed) ? 'student' : null;
}

function audienceOptions(ctx: TurnContext): QuickReply[] {
  return [
    { label: ctx.texts.t('core.audienceStudent'), postback: 'core:audience:student' },
    { label: ctx.texts.t('core.audienceParent'), postback: 'core:audience:parent' },
  ];
}

function welcome(ctx: TurnContext): TurnResult {
  const options = audienceOptions(ctx);
  ctx.defer((tx) => updatePerson(tx, ctx.person.id, { greeted: true }));
  return {
    reply: {
      messages: [
        { type: 'text', text: ctx.texts.t('core.welcome') },
        { type: 'text', text: `${ctx.texts.t('core.askAudience')}\n${numberedList(options)}` },
      ],
      quickReplies: options,
    },
    state: coreState('audience'),
  };
}

const GREETING =
  /^(안녕|안녕하세요|하이|ㅎㅇ|hi|hello|hey|헬로|start|시작|처음|메뉴|menu|반가워요?|여보세요)[!.~ㅎ]*$/i;

/** Text that is only a greeting (or nothing): the welcome is the right answer. */
const isGreeting = (text: string): boolean => text.trim() === '' || GREETING.test(normalizeTyped(text));

export interface CoreDialogOptions {
  logHashSecret: string;
  /** The help centre's number and hours, offered when a question keeps being missed. */
  contacts: Contacts;
}

/** Creates the host's dialogs: welcome, audience, menu, help, cancel, deletion, consent, links. */
export function createCoreDialogs(options: CoreDialogOptions): CoreDialogs {
  const { mentorRegister, guardianConsent, linkByCode, linkStart } = createCodeCommands(
    options.logHashSecret,
  );
  const menu = command(
    'menu',
    ['처음으로', '처음', '메뉴', '메인메뉴', '홈', 'menu', 'home', 'main menu', 'start'],
    ['menu:open'],
    (ctx) => ({ ...showMenu(ctx), clear: true }),
  );
  const help = command('help', ['도움말', '도움', '사용법', 'help', '?', '？'], ['core:help'], (ctx) => ({
    reply: {
      ...say(ctx, 'core.help'),
      quickReplies: [{ label: ctx.texts.t('common.menu'), postback: 'menu:open' }],
    },
  }));
  const cancel = command(
    'cancel',
    ['그만', '취소', '그만할래', '그만하기', '멈춰', 'stop', 'cancel', 'quit'],
    ['core:cancel'],
    (ctx) => ({
      reply: {
        ...say(ctx, ctx.state ? 'core.cancelled' : 'core.nothingToCancel'),
        quickReplies: [{ label: ctx.texts.t('common.menu'), postback: 'menu:open' }],
      },
      clear: true,
    }),
  );
  const deleteRequest = command(
    'delete',
    [
      '내 정보 삭제',
      '내정보삭제',
      '정보 삭제',
      '개인정보 삭제',
      '내 정보 지워줘',
      'delete my data',
      'delete my information',
    ],
    ['core:delete'],
    (ctx) => {
      return {
        reply: choicesReply(ctx.texts.t('core.deleteConfirm'), deleteOptions(ctx)),
        state: coreState('deleteConfirm'),
      };
    },
  );
  const mentorClaim = command(
    'mentorClaim',
    [
      '멘토예요',
      '멘토에요',
      '저 멘토예요',
      '저 멘토인데요',
      '멘토입니다',
      '저는 멘토입니다',
      '선생님이에요',
      '상담 선생님이에요',
      'i am a mentor',
      "i'm a mentor",
    ],
    [],
    (ctx) => ({ reply: say(ctx, 'core.mentorClaim') }),
  );
  const english = command('english', ['english', 'english please', 'in english', '영어로'], [], (ctx) => {
    ctx.defer((tx) => updatePerson(tx, ctx.person.id, { language: 'en' }));
    return {
      reply: { messages: [{ type: 'text', text: ctx.texts.t('core.english') }], quickReplies: [] },
    };
  });
  const korean = command('korean', ['한국어', '한국어로', 'korean'], [], (ctx) => {
    ctx.defer((tx) => updatePerson(tx, ctx.person.id, { language: 'ko' }));
    return {
      reply: { messages: [{ type: 'text', text: ctx.texts.t('core.korean') }], quickReplies: [] },
    };
  });

  // Menu items whose capability has not landed yet answer honestly (a capability's own intent scores 1).
  const comingSoon: Intent[] = (Object.keys(MENU_POSTBACKS) as (keyof typeof MENU_POSTBACKS)[]).map(
    (item) => ({
      name: `comingSoon:${item}`,
      match: (ctx) => (ctx.input.postback === MENU_POSTBACKS[item] ? 0.55 : 0),
      handle: async (ctx) => ({
        reply: {
          ...say(ctx, 'core.comingSoon', { item: ctx.texts.t(`core.menuItems.${item}`) }),
          quickReplies: [{ label: ctx.texts.t('common.menu'), postback: 'menu:open' }],
        },
        state: null,
      }),
    }),
  );

  // "학부모예요" tapped or typed from anywhere (the consent code refusal offers it as a button).
  const audienceIntent: Intent = {
    name: 'core.audience',
    match: (ctx) => /^core:audience:(parent|student)$/.test(ctx.input.postback ?? ''),
    handle: async (ctx) => {
      const audience = ctx.input.postback === 'core:audience:parent' ? 'parent' : 'student';
      ctx.defer((tx) => updatePerson(tx, ctx.person.id, { audience, greeted: true }));
      return { reply: say(ctx, `core.audienceSaved.${audience}`) };
    },
  };

  const coreFlow: Flow = {
    name: 'core',
    acceptsVersion: (v) => v === CORE_V,
    intents: [audienceIntent, socialIntent, ...comingSoon],
    ask(ctx, frame, mode) {
      const again = mode === 'again';
      switch (frame.step) {
        case 'audience':
          return choicesReply(
            ctx.texts.t(again ? 'core.askAudienceAgain' : 'core.askAudience'),
            audienceOptions(ctx),
          );
        case 'deleteConfirm':
          return choicesReply(
            ctx.texts.t(again ? 'core.deleteAgain' : 'core.deleteConfirm'),
            deleteOptions(ctx),
          );
        case 'age':
          return askAgeReply(ctx, again);
        default:
          return null;
      }
    },
    async step(ctx) {
      const state = ctx.state as DialogState;
      switch (state.step) {
        case 'audience': {
          const audience = audienceFrom(ctx);
          if (!audience) return null;
          ctx.defer((tx) => updatePerson(tx, ctx.person.id, { audience }));
          const person: Partial<Person> = { audience };
          const result = showMenu(
            { ...ctx, person: { ...ctx.person, ...person } },
            say(ctx, `core.audienceSaved.${audience}`),
          );
          return { ...result, state: null };
        }
        case 'menu': {
          // A menu state stored before the engine (the menu is now a one-turn list).
          const chosen = matchChoice(ctx.input, menuOptions(ctx));
          if (!chosen || ctx.input.postback) return { reply: emptyReply(), state: null };
          return { reply: emptyReply(), state: null, then: { postback: chosen.postback } };
        }
        case 'deleteConfirm': {
          const chosen = matchChoice(ctx.input, deleteOptions(ctx));
          const typed = chosen ? null : parseYesNo(ctx.input.text);
          const yes = chosen ? chosen.postback === 'core:delete:yes' : typed === 'yes';
          if (!chosen && typed !== 'yes' && typed !== 'no') return null;
          if (!yes) return { reply: say(ctx, 'core.deleteKept'), state: null };
          ctx.defer((tx) => deletePersonData(tx, ctx.person.id, `person:self`, options.logHashSecret));
          return { reply: say(ctx, 'core.deleted'), clear: true, forget: true };
        }
        case 'age':
          return answerAgeBand(ctx);
        default:
          return null;
      }
    },
  };

  return {
    commands: [
      menu,
      help,
      cancel,
      deleteRequest,
      mentorRegister,
      guardianConsent,
      linkByCode,
      linkStart,
      mentorClaim,
      english,
      korean,
    ],
    flows: [coreFlow],
    riskWithoutSupport: () => ({ reply: emptyReply() }),
    isProgrammeQuestion,
    notUnderstood: (ctx, again) => {
      if (again) return { reply: say(ctx, 'core.notUnderstoodAgain') };
      const options = menuOptions(ctx);
      return {
        reply: {
          messages: [
            { type: 'text', text: `${ctx.texts.t('core.notUnderstood')}\n${numberedList(options)}` },
          ],
          quickReplies: options,
        },
        suggestions: options,
      };
    },
    unknownQuestion: (ctx) => ({
      reply: say(ctx, 'core.unknownInFlow', {
        helpPhone: options.contacts.describe('helpCentre', ctx.person.language),
      }),
    }),
    missed: (ctx, _frame, question, misses) => {
      const asked = question ?? emptyReply();
      if (misses < 2) return { reply: joinReplies(say(ctx, 'core.missedOnce'), asked) };
      // The third time never repeats the question: the choices, the example in it, and a person.
      const helpPhone = options.contacts.describe('helpCentre', ctx.person.language);
      return {
        reply: {
          messages: [{ type: 'text', text: ctx.texts.t('core.missedHelp', { helpPhone }) }],
          quickReplies: asked.quickReplies,
        },
      };
    },
    async firstContact(ctx, answer) {
      if (
        ctx.event.kind === 'follow' ||
        (ctx.event.kind === 'text' && isGreeting(ctx.input.text) && !ctx.input.postback)
      ) {
        return welcome(ctx);
      }
      if (isAgeState(ctx.state)) return answer(ctx);
      // Answer first: a first message that is already a question gets its answer, with the AI notice.
      ctx.defer((tx) => updatePerson(tx, ctx.person.id, { greeted: true }));
      const result = await answer(ctx);
      return {
        ...result,
        reply: {
          messages: [{ type: 'text', text: ctx.texts.t('core.aiNotice') }, ...result.reply.messages],
          quickReplies: result.reply.quickReplies,
        },
      };
    },
  };
}
