import { fromRoot } from '../bot/paths';
import { loadCases } from '../knowledge/eligibility/cases';
import { evaluate as evaluateEligibility } from '../knowledge/eligibility/evaluate';
import { medianIncomeFile, rulesFile } from '../knowledge/eligibility/paths';
import { loadRuleSet } from '../knowledge/eligibility/rules';
import { loadEvalQuestions, realRetriever } from '../knowledge/eval-knowledge';
import { loadLabelledFolder } from '../knowledge/risk/dataset';
import { loadRiskScreen } from '../knowledge/risk/screen';
import { timePerCall } from './lib/stats';

/** Per-call figures of the in-memory parts a turn runs: risk screen, retriever, eligibility. */
export interface MicroFigures {
  risk: ReturnType<typeof timePerCall> & { messages: number };
  retrieval: ReturnType<typeof timePerCall> & { questions: number; docs: number };
  eligibility: ReturnType<typeof timePerCall> & { cases: number };
}

/** Runs each over its whole labelled set, `rounds` times after a warm-up pass. */
export function runMicro(rounds: number): MicroFigures {
  const screen = loadRiskScreen(fromRoot());
  const messages = loadLabelledFolder(fromRoot('knowledge', 'risk', 'data', 'test'), true);
  const risk = timePerCall(messages, (m) => screen(m.text, 'unknown'), rounds * 2);

  const retriever = realRetriever();
  const questions = loadEvalQuestions();
  const retrieval = timePerCall(questions, (q) => retriever.search(q.q, 3), rounds);

  const rules = loadRuleSet(rulesFile(), medianIncomeFile());
  const cases = loadCases();
  const eligibility = timePerCall(cases, (c) => evaluateEligibility(rules, c.facts, c.date), rounds * 20);

  return {
    risk: { ...risk, messages: messages.length },
    retrieval: { ...retrieval, questions: questions.length, docs: retriever.docs.length },
    eligibility: { ...eligibility, cases: cases.length },
  };
}
