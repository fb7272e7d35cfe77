import { matchChoice, normalizeTyped, numberedList } from '../../bot/choices';
import type { DialogState, Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import {
  consumeLinkCode,
  formatLinkCode,
  insertLinkCode,
  newLinkCode,
  parseCodeCommand,
  redeemLinkCode,
  SOURCE_LIMITS,
  type CodeSource,
  type LinkCodePurpose,
  type RedeemedCode,
} from '../../bot/link-codes';
import { pseudonym } from '../../bot/logger';
import { addLink, audit, updatePerson } from '../../bot/people-store';
import type { Person } from '../../bot/people';
import { deletePersonData } from '../../bot/privacy';
import type { Contacts } from '../../bot/contacts';
import { looksLikeQuestion, type CoreDialogs } from '../../bot/dialog/engine';
import { isProgrammeQuestion } from '../../knowledge/answers/programme-question';
import { parseYesNo } from '../../bot/dialog/parsers/yes-no';
import { choicesReply, emptyReply, joinReplies } from '../../bot/dialog/reply';
import { answerAgeBand, askAgeReply, isAgeState } from './consent';
import { socialIntent } from './social';

/** Postbacks of the main menu; capabilities claim them with their own intents. */

export const MENU_POSTBACKS = {
  eligibility: 'eligibility:start',
  quiz: 'quiz:start',
  support: 'support:start',
  about: 'knowledge:about',
} as const;

const CORE_V = 1;
const coreState = (step: string, answers: Record<string, unknown> = {}): DialogState => ({
  v: CORE_V,
  flow: 'core',
  step,
  answers,
});

const say = (ctx: TurnContext, key: string, params?: Record<string, string | number>): Reply => ({
  messages: [{ type: 'text', text: ctx.texts.t(key, params) }],
  quickReplies: [],
});

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

/** An intent matched by exact typed phrases (spacing and case ignored) or by postback. */
function command(
  name: string,
  phrases: string[],
  postbacks: string[],
  handle: (ctx: TurnContext) => Promise<TurnResult> | TurnResult,
): Intent {
  const typed = new Set(phrases.map(normalizeTyped));
  return {
    name,
    match: (ctx) =>
      (ctx.input.postback && postbacks.includes(ctx.input.postback)) ||
      (!ctx.input.postback && typed.has(normalizeTyped(ctx.input.text)))
        ? 1
        : 0,
    handle: async (ctx) => handle(ctx),
  };
}

/** Where a code try comes from: the channel user, and (web) the client address. */
function codeSources(ctx: TurnContext, logHashSecret: string): CodeSource[] {
  const user = pseudonym(logHashSecret, `code-user:${ctx.person.channel}:${ctx.person.channelUserId}`);
  const sources: CodeSource[] = [{ key: `user:${user}`, limit: SOURCE_LIMITS.user }];
  if (ctx.event.origin) sources.push({ key: `addr:${ctx.event.origin}`, limit: SOURCE_LIMITS.address });
  return sources;
}

/**
 * A command followed by a code: "멘토 등록 K7QF-M2XP-9D", "동의 K7QF…", "연결 K7QF…". A wrong,
 * burned, used or expired code all get `invalidKey`; too many failed tries get `core.codeLocked`.
 */
function codeCommand(
  name: string,
  prefixes: string[],
  purposes: LinkCodePurpose[],
  invalidKey: string,
  logHashSecret: string,
  handle: (ctx: TurnContext, code: RedeemedCode) => Promise<TurnResult>,
  before?: (ctx: TurnContext) => TurnResult | null,
): Intent {
  const attemptOf = (ctx: TurnContext): string | null =>
    ctx.input.postback ? null : parseCodeCommand(ctx.input.text, prefixes);
  return {
    name,
    match: (ctx) => (attemptOf(ctx) !== null ? 1 : 0),
    handle: async (ctx) => {
      const refused = before?.(ctx);
      if (refused) return refused;
      const redeemed = await redeemLinkCode(ctx.db, {
        attempt: attemptOf(ctx) as string,
        purposes,
        channel: ctx.person.channel,
        channelUserId: ctx.person.channelUserId,
        sources: codeSources(ctx, logHashSecret),
        now: ctx.now,
      });
      if (!redeemed.ok)
        return { reply: say(ctx, redeemed.reason === 'locked' ? 'core.codeLocked' : invalidKey) };
      return handle(ctx, redeemed.code);
    },
  };
}

export interface CoreDialogOptions {
  logHashSecret: string;
  /** The help centre's number and hours, offered when a question keeps being missed. */
  contacts: Contacts;
}

/** Creates the host's dialogs: welcome, audience, menu, help, cancel, deletion, consent, links. */
export function createCoreDialogs(options: CoreDialogOptions): CoreDialogs {
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

  const mentorRegister = codeCommand(
    'mentorRegister',
    ['멘토 등록', '선생님 등록', 'mentor link'],
    ['staff_link'],
    'core.mentorCodeInvalid',
    options.logHashSecret,
    async (ctx, code) => {
      const found = await ctx.db.query<{ display_name: string | null }>(
        'SELECT display_name FROM people WHERE id = $1',
        [code.personId],
      );
      const staffId = code.personId;
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now)))
          throw new Error('link code was used concurrently');
        // The staff record created by the admin API takes over this channel identity.
        await tx.query('UPDATE identities SET person_id = $1 WHERE channel = $2 AND channel_user_id = $3', [
          staffId,
          ctx.person.channel,
          ctx.person.channelUserId,
        ]);
        await tx.query(
          'DELETE FROM people p WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.id)',
          [ctx.person.id],
        );
        await tx.query('UPDATE people SET greeted = true WHERE id = $1', [staffId]);
        await audit(tx, `person:${staffId}`, 'staff_identity_linked', staffId, {
          channel: ctx.person.channel,
        });
      });
      // The identity now belongs to the staff record; nothing more is saved about the old person.
      return {
        reply: say(ctx, 'core.mentorLinked', { name: found.rows[0]?.display_name ?? '' }),
        clear: true,
        forget: true,
      };
    },
  );

  const guardianConsent = codeCommand(
    'guardianConsent',
    ['동의', '보호자 동의', 'consent'],
    ['guardian_consent'],
    'core.codeInvalid',
    options.logHashSecret,
    async (ctx, code) => {
      const child = code.personId;
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now))) throw new Error('consent code used concurrently');
        await addLink(tx, 'parent_child', ctx.person.id, child, `person:${ctx.person.id}`);
        await updatePerson(tx, child, { consent: 'guardian_confirmed' });
        await audit(tx, `person:${ctx.person.id}`, 'guardian_consent_confirmed', child, {
          method: 'messenger_code',
        });
        // The child's pending, expiring dialog step may now be kept.
        await tx.query('UPDATE dialog_states SET expires_at = NULL WHERE person_id = $1', [child]);
      });
      // A parent who opens with the code has not said who they are: the code itself says it.
      if (ctx.person.audience === null) {
        ctx.defer((tx) => updatePerson(tx, ctx.person.id, { audience: 'parent', greeted: true }));
        return {
          reply: joinReplies(say(ctx, 'core.guardianAsParent'), say(ctx, 'core.guardianConfirmedParent')),
          clear: true,
        };
      }
      return { reply: say(ctx, 'core.guardianConfirmedParent') };
    },
    // A student's own account cannot confirm; checked before the code, so it tells nothing about it.
    (ctx) =>
      ctx.person.audience === 'student'
        ? {
            reply: {
              ...say(ctx, 'core.guardianNotParent'),
              quickReplies: [{ label: ctx.texts.t('core.audienceParent'), postback: 'core:audience:parent' }],
            },
          }
        : null,
  );

  const linkByCode = codeCommand(
    'linkByCode',
    ['연결', 'link'],
    ['parent_child'],
    'core.codeInvalid',
    options.logHashSecret,
    async (ctx, code) => {
      if (code.personId === ctx.person.id) return { reply: say(ctx, 'core.linkSelf') };
      const [parent, child] =
        code.side === 'parent' ? [code.personId, ctx.person.id] : [ctx.person.id, code.personId];
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now))) throw new Error('link code used concurrently');
        await addLink(tx, 'parent_child', parent, child, `person:${ctx.person.id}`);
        await audit(tx, `person:${ctx.person.id}`, 'parent_child_linked', child, {});
      });
      return { reply: say(ctx, 'core.linked') };
    },
  );

  const linkStart = command(
    'linkStart',
    ['자녀 연결', '자녀연결', '아이 연결', '보호자 연결', '부모님 연결', 'link my child', 'link my parent'],
    ['core:link'],
    (ctx) => {
      const side = ctx.person.audience === 'parent' ? 'parent' : 'child';
      const code = pendingCode(ctx, 'parent_child', side);
      return {
        reply: say(ctx, side === 'parent' ? 'core.linkChildStart' : 'core.linkParentStart', { code }),
      };
    },
  );

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

/** Creates a one-time code inside the turn (shown now, grouped; stored with the turn). */
export function pendingCode(
  ctx: TurnContext,
  purpose: 'parent_child' | 'guardian_consent',
  side: 'child' | 'parent' | null,
): string {
  const code = newLinkCode();
  ctx.defer(async (tx) => {
    // The code was already shown: a (rare) selector collision fails the turn rather than change it.
    const stored = await insertLinkCode(
      tx,
      code,
      purpose,
      ctx.person.id,
      side,
      new Date(ctx.now.getTime() + 24 * 3_600_000),
    );
    if (!stored) throw new Error('link code collision');
  });
  return formatLinkCode(code);
}
