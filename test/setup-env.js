// Tests never reach a real LLM, LINE or Kakao: make sure nothing inherited points elsewhere.
process.env.TZ = 'UTC';
