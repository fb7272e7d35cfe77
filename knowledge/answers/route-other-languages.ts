import type { DetectedLanguage } from '../language/detect';
import type { RouteKind } from './route-question';

/**
 * Routing for messages in English, Vietnamese and Chinese: a smaller vocabulary than Korean, same
 * three answers. A check needs someone of one's own (my son, con tôi, 我孩子) and an eligibility word;
 * greetings, thanks, log-in trouble and asking for a person are "other"; the rest is a fact question.
 */

interface Vocabulary {
  own: RegExp;
  eligibility: RegExp;
  checkRequest: RegExp;
  other: RegExp;
}

const VOCABULARY: Record<Exclude<DetectedLanguage, 'ko'>, Vocabulary> = {
  en: {
    own: /\b(?:my|our)\s+(?:\w+\s+)?(?:son|daughter|child|kid|kids|children|boy|girl|grandson|granddaughter|family|household)\b|\bi'?m\b|\bi am\b|\bwe are\b|\bwe're\b|\bwe (?:live|get|have)\b|\bi (?:live|left|dropped)\b/i,
    eligibility:
      /eligib|qualif|can (?:he|she|i|we|they|my \w+|both) (?:join|apply|sign|use|still)|allowed to join|count as/i,
    checkRequest:
      /check (?:if|whether) (?:my|we|i)|am i eligible|are we eligible|is (?:my|our) \w+ eligible/i,
    other:
      /^(?:hi|hello|hey|good (?:morning|evening|afternoon)|thanks?|thank you|ok|okay|got it|sounds good|bye|see you|yes|no)\b[\s\w,!.]*$|password|log ?in|sign in|won'?t play|not working|real person|human|agent|talk to (?:a|someone)|call me|what do you mean|don'?t understand|explain (?:it )?more simply|ask again later/i,
  },
  vi: {
    own: /con (?:tôi|toi|gái tôi|trai tôi|em|mình)|tôi có \d|toi co \d|nhà tôi|nha toi|gia đình tôi|tôi là|toi la|tôi \d+ tuổi/i,
    eligibility: /đủ điều kiện|du dieu kien|đăng ký được|dang ky duoc|được không|duoc khong|có được/i,
    checkRequest: /kiểm tra (?:con|giúp|cho)|kiem tra (?:con|giup|cho)/i,
    other:
      /^(?:cảm ơn|cám ơn|cam on|xin chào|chào|tạm biệt|vâng|dạ|ok|được rồi)[\s\p{L},!.😊]*$|mật khẩu|mat khau|đăng nhập|dang nhap|nhân viên|nguoi that|người thật|không hiểu|nói lại|video không/iu,
  },
  zh: {
    own: /我(?:的|家)?(?:孩子|女儿|儿子|小孩|女兒|兒子)|我(?:是|們|们)|我\d+岁|帮我看看|幫我看看/,
    eligibility: /可以(?:参加|參加|申请|申請|吗|嗎)|符合|能不能|能否/,
    checkRequest: /帮我看看|幫我看看/,
    other:
      /^(?:好的|谢谢|謝謝|你好|您好|明白了|知道了|不客气|再见|拜拜|非常感谢)[\s\p{L}😊]*$|密码|密碼|登录(?!证)|登錄(?!證)|人工|工作人员|工作人員|没看懂|再说一遍|再說一遍|播不了/u,
  },
};

/** Routes a message in `language` (not Korean); `hasFacts` = the extractor found a personal fact. */
export function routeOtherLanguage(
  text: string,
  language: Exclude<DetectedLanguage, 'ko'>,
  hasFacts: boolean,
): RouteKind {
  const v = VOCABULARY[language];
  const t = text.trim();
  if (v.checkRequest.test(t)) return 'check';
  if (v.own.test(t) && (v.eligibility.test(t) || hasFacts)) return 'check';
  if (v.other.test(t)) return 'other';
  return 'fact';
}
