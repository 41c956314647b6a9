/**
 * Long documents of distinct, deterministic filler text for tests and benchmarks: every page is
 * different (a seeded generator picks the words), none holds the planted facts' words, and a fact
 * can be planted on any page. English and Chinese.
 */

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same document everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = (
  "harbour valley council river market winter orchard ledger village bridge museum garden station " +
  "engineer farmer teacher painter sailor merchant doctor student author weaver baker miller carpenter " +
  "quiet early golden northern ancient narrow gentle broad distant silver crowded patient careful " +
  "walked carried painted measured counted followed opened crossed repaired visited described gathered " +
  "morning evening season harvest festival journey letter window lantern meadow forest shore hill " +
  "stone timber copper linen wool grain salt honey apple pear barley clover thistle heather " +
  "slowly together often rarely nearby beyond across along beneath around toward inside " +
  "the a of and in on with from for by near under over through after before during"
).split(" ");

const ZH = (
  "城市 河流 市场 冬天 果园 村庄 桥梁 博物馆 花园 车站 工程师 农民 老师 画家 水手 商人 医生 学生 作者 " +
  "安静 早晨 金色 北方 古老 狭窄 温和 宽阔 遥远 银色 拥挤 耐心 仔细 走过 带来 画了 测量 跟随 打开 " +
  "修理 访问 描述 收集 季节 收获 节日 旅程 信件 窗户 灯笼 草地 森林 海岸 山丘 石头 木材 铜器 " +
  "亚麻 羊毛 粮食 蜂蜜 苹果 梨子 大麦 慢慢 一起 经常 附近 对面 沿着 下面 周围 里面 我们 他们 " +
  "这个 那些 今天 明天 昨天 非常 已经 还是 可以 应该 喜欢 看见 听到 记得 准备 开始 结束"
).split(" ");

export interface FillerOptions {
  pages: number;
  /** Words per page (English) or words per page (Chinese, two characters each). */
  wordsPerPage: number;
  language: "en" | "zh";
  seed?: number;
  /** Sentences planted on pages: 0-based page index → sentence. */
  facts?: Record<number, string>;
}

/** The pages' texts: sentences of 8–16 words, the facts inserted mid-page. */
export function fillerPages(options: FillerOptions): string[] {
  const random = seededRandom(options.seed ?? 1);
  const words = options.language === "zh" ? ZH : EN;
  const pick = () => words[Math.floor(random() * words.length)] as string;
  return Array.from({ length: options.pages }, (_, page) => {
    const sentences: string[] = [];
    let count = 0;
    while (count < options.wordsPerPage) {
      const length = 8 + Math.floor(random() * 9);
      const sentence = Array.from({ length }, pick);
      count += length;
      if (options.language === "zh") sentences.push(`${sentence.join("")}。`);
      else sentences.push(`${sentence.join(" ").replace(/^./, (c) => c.toUpperCase())} ${page + 1}.${sentences.length + 1}.`);
    }
    const fact = options.facts?.[page];
    if (fact) sentences.splice(Math.floor(sentences.length / 2), 0, fact);
    return sentences.join(options.language === "zh" ? "" : " ");
  });
}
