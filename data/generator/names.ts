/** One of Quyang's 18 townships as the demo models it. */
export interface TownshipSeed {
  name: string;
  /** GB/T 2260 county code 130634 + 3 township digits (order assigned by the generator; see data/README.md). */
  code: string;
  kind: 'town' | 'township';
  /** One of the 8 mountain townships of the 2022 clean-coal plan §3 (seed 002). */
  mountain: boolean;
  /** Approximate seat location (invented, plausible), degrees. */
  lon: number;
  lat: number;
  note?: string;
}

/**
 * The 18 townships (4 镇 + 14 乡). Names are Quyang's real townships; seat positions are
 * approximations drawn for the demo; which 8 are the mountain townships is the generator's
 * choice (the seed only gives the count, "双代未改造的8个山区乡镇").
 */
export const TOWNSHIPS: readonly TownshipSeed[] = [
  { name: '恒州镇', code: '130634100', kind: 'town', mountain: false, lon: 114.74, lat: 38.62 },
  { name: '灵山镇', code: '130634101', kind: 'town', mountain: false, lon: 114.56, lat: 38.66 },
  { name: '燕赵镇', code: '130634102', kind: 'town', mountain: false, lon: 114.64, lat: 38.56 },
  { name: '羊平镇', code: '130634103', kind: 'town', mountain: false, lon: 114.73, lat: 38.54 },
  { name: '路庄子乡', code: '130634200', kind: 'township', mountain: true, lon: 114.63, lat: 38.83 },
  { name: '下河乡', code: '130634201', kind: 'township', mountain: true, lon: 114.58, lat: 38.77 },
  { name: '庄窠乡', code: '130634202', kind: 'township', mountain: true, lon: 114.5, lat: 38.69 },
  { name: '孝墓乡', code: '130634203', kind: 'township', mountain: false, lon: 114.83, lat: 38.63 },
  { name: '文德乡', code: '130634204', kind: 'township', mountain: false, lon: 114.81, lat: 38.57 },
  {
    name: '东旺乡',
    code: '130634205',
    kind: 'township',
    mountain: false,
    lon: 114.8,
    lat: 38.69,
    note: '撤乡设镇进行中（seed 002）：行政区划会变化 / being converted from 乡 to 镇',
  },
  { name: '晓林乡', code: '130634206', kind: 'township', mountain: false, lon: 114.89, lat: 38.6 },
  { name: '邸村乡', code: '130634207', kind: 'township', mountain: false, lon: 114.79, lat: 38.5 },
  { name: '产德乡', code: '130634208', kind: 'township', mountain: false, lon: 114.71, lat: 38.7 },
  { name: '齐村乡', code: '130634209', kind: 'township', mountain: true, lon: 114.66, lat: 38.75 },
  { name: '党城乡', code: '130634210', kind: 'township', mountain: true, lon: 114.53, lat: 38.8 },
  { name: '郎家庄乡', code: '130634211', kind: 'township', mountain: true, lon: 114.46, lat: 38.74 },
  { name: '范家庄乡', code: '130634212', kind: 'township', mountain: true, lon: 114.49, lat: 38.62 },
  { name: '北台乡', code: '130634213', kind: 'township', mountain: true, lon: 114.44, lat: 38.81 },
];

/** The county outline drawn for the demo (degrees, counter-clockwise); scaled to 1,084 km² by the generator. */
export const COUNTY_OUTLINE: readonly [number, number][] = [
  [114.74, 38.45],
  [114.83, 38.46],
  [114.91, 38.52],
  [114.955, 38.57],
  [114.945, 38.64],
  [114.87, 38.7],
  [114.79, 38.75],
  [114.71, 38.84],
  [114.6, 38.87],
  [114.47, 38.86],
  [114.41, 38.8],
  [114.41, 38.68],
  [114.45, 38.6],
  [114.55, 38.56],
  [114.65, 38.5],
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const PLAIN_PREFIX = ['东', '西', '南', '北', '前', '后', '大', '小', '新', '中', '上', '下'];
const PLAIN_CORE = ['庄', '家庄', '村', '营', '店', '屯', '堡', '口', '寨', '固', '城'];
const MOUNTAIN_CORE = ['峪', '沟', '台', '岭', '坪', '崖', '岔', '洼', '坡', '山'];
const PLACE_WORDS = '柳杏枣槐榆桑石泉河水龙凤杨王马白黄红青兴安平阳宁和德仁义寺庙桥井';

/**
 * Village name generator: Chinese-looking invented names (…家庄村, 东…村, …峪村), unique across the county.
 * Mountain villages get valley/ridge words. Names are invented, not real villages.
 */
export function makeVillageNamer(next: () => number, reserved: readonly string[] = []): (mountain: boolean) => string {
  const used = new Set<string>(reserved);
  const ch = (s: string) => s[Math.floor(next() * s.length)];
  const el = <T,>(a: readonly T[]) => a[Math.floor(next() * a.length)];
  return (mountain: boolean) => {
    for (let attempt = 0; ; attempt++) {
      let name: string;
      const r = next();
      if (mountain) {
        name = r < 0.5 ? ch(PLACE_WORDS) + ch(PLACE_WORDS) + el(MOUNTAIN_CORE) : ch(SURNAMES) + '家' + el(MOUNTAIN_CORE);
      } else if (r < 0.35) {
        name = ch(SURNAMES) + '家庄';
      } else if (r < 0.7) {
        name = el(PLAIN_PREFIX) + ch(PLACE_WORDS) + el(PLAIN_CORE);
      } else {
        name = ch(PLACE_WORDS) + ch(SURNAMES) + el(PLAIN_CORE);
      }
      name += '村';
      if (attempt > 50) name = name.replace('村', `${attempt}村`);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}
