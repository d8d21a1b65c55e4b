// How a model is named to the user. llama.cpp's server (without --alias) and some others report the
// model as the file it was loaded from (`/home/me/models/qwen2.5-coder-7b-instruct-q4_k_m.gguf`): in a
// side bar or the status bar only the start of the folder would show. Such an id is shown by its file
// name; other ids (`qwen2.5-coder:7b`, `Qwen/Qwen2.5-Coder-7B-Instruct`) as they are. The whole id stays
// in tooltips and is what requests send.

const ABSOLUTE = /^(?:\/|~[\\/]|\.{1,2}[\\/]|[A-Za-z]:[\\/]|\\\\)/;
const MODEL_FILE = /\.(?:gguf|ggml|bin|safetensors)$/i;

export function modelLabel(id: string): string {
  if (!/[\\/]/.test(id) || !(ABSOLUTE.test(id) || MODEL_FILE.test(id))) return id;
  const name = id.split(/[\\/]/).filter(Boolean).at(-1) ?? id;
  return name.replace(/\.gguf$/i, '') || id;
}
