export { createQuizCapability, type QuizOptions } from './capability';
