import type { Contacts } from './contacts';
import type { CrisisReplyBuilder, RiskScreen } from './risk';
import type { TextsByLanguage } from './texts-loader';

/**
 * The host's minimal risk screen: a few unmistakable phrases, so the crisis path is wired and
 * tested end to end. The support capability's screen (knowledge/risk) replaces it.
 */
const HIGH = [/죽\s*고\s*싶/, /자\s*살/, /살\s*기\s*싫/, /kill myself/i, /want to die/i];

export const minimalRiskScreen: RiskScreen = (text) => {
  const hit = HIGH.findIndex((p) => p.test(text));
  return hit >= 0 ? { level: 'high', signals: [`minimal-${hit}`] } : { level: 'none', signals: [] };
};

/** The minimal crisis reply: the 24-hour lines, from the text catalogue. */
export function minimalCrisisReply(texts: TextsByLanguage, contacts: Contacts): CrisisReplyBuilder {
  const numbers = {
    p109: contacts.get('suicide109').phone ?? '109',
    p1388: contacts.get('youth1388').phone ?? '1388',
    p112: contacts.get('police').phone ?? '112',
    p119: contacts.get('fire').phone ?? '119',
  };
  return (_assessment, facts) => ({
    messages: [{ type: 'text', text: texts[facts.language].t('crisis-minimal.high', numbers) }],
    quickReplies: [],
  });
}
