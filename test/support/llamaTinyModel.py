# Writes a tiny llama-architecture GGUF with random weights and a real tokenizer, for tests that need a
# real llama.cpp server but no real model: Qwen2's vocabulary and merges (llama.cpp's vocab-only
# models/ggml-vocab-qwen2.gguf) with Qwen2.5's added tokens (<tool_call> …) and Qwen2.5-Instruct's chat
# template, so `llama-server --jinja` templates and parses tool calls as it does for the real model.
# The weights are noise from a fixed seed: the same bytes on every machine with the same numpy.
#   PYTHONPATH=<llama.cpp>/gguf-py python3 llamaTinyModel.py --llama-src <llama.cpp> --out model.gguf
import argparse
import os

import numpy as np
import gguf

# Qwen2.5's tokenizer adds these after Qwen2's <|im_end|> (151645); the vocab-only file has [PAD…] there.
# (id, text, special): "special" ones are control tokens, the rest are user-defined (written as text).
QWEN25_ADDED_TOKENS = [
    (151646, '<|object_ref_start|>', True), (151647, '<|object_ref_end|>', True), (151648, '<|box_start|>', True),
    (151649, '<|box_end|>', True), (151650, '<|quad_start|>', True), (151651, '<|quad_end|>', True),
    (151652, '<|vision_start|>', True), (151653, '<|vision_end|>', True), (151654, '<|vision_pad|>', True),
    (151655, '<|image_pad|>', True), (151656, '<|video_pad|>', True), (151657, '<tool_call>', False),
    (151658, '</tool_call>', False), (151659, '<|fim_prefix|>', False), (151660, '<|fim_middle|>', False),
    (151661, '<|fim_suffix|>', False), (151662, '<|fim_pad|>', False), (151663, '<|repo_name|>', False),
    (151664, '<|file_sep|>', False),
]
IM_END = 151645
ENDOFTEXT = 151643


def field_value(reader, key):
    return reader.fields[key].contents()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--llama-src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--embd', type=int, default=64)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--kv-heads', type=int, default=2)
    ap.add_argument('--ffn', type=int, default=128)
    ap.add_argument('--seed', type=int, default=20261205)
    args = ap.parse_args()

    vocab = gguf.GGUFReader(os.path.join(args.llama_src, 'models', 'ggml-vocab-qwen2.gguf'))
    tokens = list(field_value(vocab, 'tokenizer.ggml.tokens'))
    token_types = list(field_value(vocab, 'tokenizer.ggml.token_type'))
    merges = list(field_value(vocab, 'tokenizer.ggml.merges'))
    for token_id, text, special in QWEN25_ADDED_TOKENS:
        tokens[token_id] = text
        token_types[token_id] = gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED
    with open(os.path.join(args.llama_src, 'models', 'templates', 'Qwen-Qwen2.5-7B-Instruct.jinja'), encoding='utf-8') as f:
        template = f.read()

    n_vocab, n_embd, head_dim = len(tokens), args.embd, args.embd // args.heads
    w = gguf.GGUFWriter(args.out, 'llama')
    w.add_name('smallcode-tiny-random (Qwen2.5 tokenizer and template, random weights)')
    w.add_context_length(32768)
    w.add_embedding_length(n_embd)
    w.add_block_count(args.layers)
    w.add_feed_forward_length(args.ffn)
    w.add_head_count(args.heads)
    w.add_head_count_kv(args.kv_heads)
    w.add_rope_freq_base(1_000_000.0)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    w.add_tokenizer_model('gpt2')
    w.add_tokenizer_pre('qwen2')
    w.add_token_list(tokens)
    w.add_token_types(token_types)
    w.add_token_merges(merges)
    w.add_bos_token_id(ENDOFTEXT)
    w.add_eos_token_id(IM_END)  # as in Qwen2.5-Instruct's generation config
    w.add_pad_token_id(ENDOFTEXT)
    w.add_add_bos_token(False)
    w.add_chat_template(template)

    rng = np.random.default_rng(args.seed)

    def normal(rows, cols, scale):
        return (rng.standard_normal((rows, cols), dtype=np.float32) * scale).astype(np.float32)

    def q8(name, data):
        w.add_tensor(name, gguf.quants.quantize(data, gguf.GGMLQuantizationType.Q8_0), raw_dtype=gguf.GGMLQuantizationType.Q8_0)

    ones = np.ones(n_embd, dtype=np.float32)
    # The embedding is also the output projection (no output.weight): half the size.
    q8('token_embd.weight', normal(n_vocab, n_embd, 0.25))
    w.add_tensor('output_norm.weight', ones)
    for i in range(args.layers):
        w.add_tensor(f'blk.{i}.attn_norm.weight', ones)
        w.add_tensor(f'blk.{i}.ffn_norm.weight', ones)
        q8(f'blk.{i}.attn_q.weight', normal(args.heads * head_dim, n_embd, 0.1))
        q8(f'blk.{i}.attn_k.weight', normal(args.kv_heads * head_dim, n_embd, 0.1))
        q8(f'blk.{i}.attn_v.weight', normal(args.kv_heads * head_dim, n_embd, 0.1))
        q8(f'blk.{i}.attn_output.weight', normal(n_embd, args.heads * head_dim, 0.1))
        q8(f'blk.{i}.ffn_gate.weight', normal(args.ffn, n_embd, 0.1))
        q8(f'blk.{i}.ffn_up.weight', normal(args.ffn, n_embd, 0.1))
        q8(f'blk.{i}.ffn_down.weight', normal(n_embd, args.ffn, 0.1))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == '__main__':
    main()
