//! Path templates: turns raw paths into API templates (`/users/${param}/orders`) per host,
//! as traffic arrives, and re-learns them when the traffic shows that literal siblings are
//! values of one parameter.
//!
//! **Input**: (host, raw path) pairs, one per record. **Output**: the template of each path
//! at ingest time ([`PathTemplater::observe`]) and, at query time, a [`TemplateView`] that
//! maps every ingest-time template to its re-learned template.
//!
//! # The algorithm
//!
//! One tree per host (shared by all methods, so every method's traffic is evidence for the
//! path's shape). A node has literal children, at most one parameter child (`${param}`) and
//! in-segment children (`${param}.json`). Each node counts the requests that went through it.
//!
//! 1. **Ingest (online, order-independent)**: each segment is [classified](super::segment):
//!    a known literal child wins; a *strong* identifier (integer, UUID, hex/ObjectId, e-mail,
//!    random token, prefixed id) goes to the parameter child at once; a data-file segment
//!    with identifiers inside goes to an in-segment child; anything else becomes a literal
//!    child. Versions (`v1`, `2.0`, `api`) are always literal. Requests answered 404/405/410
//!    (scanners) and static files never create nodes: they may only follow existing ones.
//! 2. **Re-learning (query time, a pure function of the tree)**: top-down over the tree, the
//!    literal children of each node below the root that are *weak* (words, slugs, short
//!    alphanumerics, dates; never versions or camelCase RPC names) are tested for being the
//!    values of one parameter. Parameter values are many and each is rare; fixed endpoints
//!    are few and each is hit again and again. So:
//!    - the *core* is the weak children seen at most twice; with at least [`MIN_VALUES`] of
//!      them, every weak child hit less than 2.5 × the core's mean joins the group, and the
//!      group must have one distinct value per two requests;
//!    - values of one parameter answer with the same response keys (paths three levels
//!      deep): most pairs of the group's response signatures must agree (so `/user/login`,
//!      `/user/key` seen once each stay apart); when no answers can be compared, the group
//!      needs [`MIN_VALUES_BLIND`] values and sub-paths shared among its values (fixed
//!      siblings such as `/coupons/check`, `/debug/eval` each have their own);
//!    - busier siblings then join while they behave like the values (until nothing changes):
//!      the values' methods, and either sub-paths that all occur under the values and a
//!      modest count, or — for a leaf — the values' shape and less than 1/8 of the requests.
//!      A fixed endpoint beside a parameter (`/users/me`, `POST /droplets/actions`) has other
//!      methods or sub-paths, another shape, or a big share, and stays literal;
//!    - the group is merged into the parameter child; merged subtrees are combined
//!      recursively and their children are tested in turn (`/users/{}/repos/{}`). Below a
//!      value left literal because it was busy, nothing is learned: its sub-paths are
//!      fixed names whose counts are small only because the value is one of many.
//! 3. **Caps**: hosts, nodes per host and literal children per node are capped. When a node
//!    is full, new segments go to its parameter child, which then accepts weak values
//!    (a path flood becomes one template instead of exhausting memory).
//!
//! Because step 2 reads only counts (sums over records) and the tree's shape, which do not
//! depend on the order of records, the templates are the same for any interleaving of the
//! same records (as long as no cap is reached).

use super::segment::{PARAM, Shape, classify, inner_pattern};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Fewest rare sibling values that make a parameter out of weak literals.
pub const MIN_VALUES: usize = 3;

/// Fewest values when the siblings' answers give no evidence (no JSON bodies).
pub const MIN_VALUES_BLIND: usize = 5;

/// A weak sibling joins the rare core when hit fewer than this many times (× 2) the core's
/// mean: fixed endpoints beside a parameter (`/users/me`) are hit more often than any value.
const LEAF_FACTOR_X2: u64 = 5;

/// A sibling with sub-paths joins when hit fewer than this many times the core's mean and
/// all its sub-paths occur under the core's values.
const SUBTREE_FACTOR: u64 = 8;

/// A busy leaf sibling still joins when it carries less than 1/LEAF_SHARE of the weak
/// siblings' requests (a value of a small pool); a fixed endpoint carries a big share.
const LEAF_SHARE: u64 = 8;

/// Same for a sibling with sub-paths that all occur under the values: less than
/// 1/SUBTREE_SHARE of the requests.
const SUBTREE_SHARE: u64 = 5;

/// Caps that bound the memory of the template trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Most hosts with a tree.
    pub max_hosts: usize,
    /// Most tree nodes per host.
    pub max_nodes_per_host: usize,
    /// Most tree nodes over all hosts.
    pub max_total_nodes: usize,
    /// Most literal children per node; further segments go to the parameter child.
    pub max_children: usize,
    /// Most segments read from a path; the rest of a deeper path becomes one parameter.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_hosts: 4096,
            max_nodes_per_host: 100_000,
            max_total_nodes: 1_000_000,
            max_children: 256,
            max_depth: 32,
        }
    }
}

type NodeId = u32;

/// A literal child considered for a parameter: its name and request count.
type Cand<'a> = (&'a str, u64);

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Node {
    /// Literal children by raw segment text.
    lit: BTreeMap<Box<str>, NodeId>,
    /// The whole-segment parameter child.
    param: Option<NodeId>,
    /// In-segment parameter children by pattern (`${param}.json`).
    inner: BTreeMap<Box<str>, NodeId>,
    /// Requests whose path went through this node.
    count: u64,
    /// For a parameter node: it accepts weak values (learned from weak values or overflow).
    open: bool,
    /// Methods of the requests whose path ends here (see [`method_bit`]).
    #[serde(default)]
    ends: u16,
    /// Union of the response signatures of requests ending here (see [`body_signature`]).
    #[serde(default)]
    sig: u64,
}

/// A 64-bit signature of a JSON response: one bit per key path (hashed), down to three
/// levels (`data.user.id`; arrays read through their first element), so RPC answers that
/// share an envelope (`{"code":0,"data":{…}}`) still differ by what is inside. The union of
/// two signatures is their OR, so it does not depend on record order. 0 = no JSON object.
pub fn body_signature(resp: Option<&serde_json::Value>) -> u64 {
    fn walk(v: &serde_json::Value, h: u64, depth: usize, acc: &mut u64) {
        let v = match v {
            serde_json::Value::Array(a) => match a.first() {
                Some(x) => x,
                None => return,
            },
            x => x,
        };
        let serde_json::Value::Object(o) = v else { return };
        for (k, child) in o {
            let mut kh = h ^ 0x2f;
            kh = kh.wrapping_mul(0x100_0000_01b3);
            for b in k.bytes() {
                kh = (kh ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
            *acc |= 1 << (kh % 64);
            if depth < 3 {
                walk(child, kh, depth + 1, acc);
            }
        }
    }
    let mut acc = 0;
    if let Some(v) = resp {
        walk(v, 0xcbf2_9ce4_8422_2325, 1, &mut acc);
    }
    acc
}

/// True when two response signatures mostly share their keys (Jaccard ≥ 1/2).
fn sig_agree(a: u64, b: u64) -> bool {
    2 * (a & b).count_ones() >= (a | b).count_ones()
}
/// One bit per common method (others share a bit).
pub fn method_bit(method: &str) -> u16 {
    const M: [&str; 9] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT"];
    M.iter().position(|m| m.eq_ignore_ascii_case(method)).map_or(1 << 15, |i| 1 << i)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct HostTree {
    nodes: Vec<Node>,
    /// Nodes that filled up during the current walk (node, depth of its children).
    #[serde(skip)]
    full: Vec<(NodeId, usize)>,
}

impl Default for HostTree {
    fn default() -> Self {
        HostTree { nodes: vec![Node::default()], full: Vec::new() }
    }
}

/// Which kind of edge a segment took.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    Lit,
    Param,
    Inner,
}

impl HostTree {
    fn add(&mut self) -> NodeId {
        self.nodes.push(Node::default());
        (self.nodes.len() - 1) as NodeId
    }

    fn param_child(&mut self, n: NodeId, create: bool, lim: &Limits) -> Option<NodeId> {
        if let Some(p) = self.nodes[n as usize].param {
            return Some(p);
        }
        if !create || self.nodes.len() >= lim.max_nodes_per_host {
            return None;
        }
        let p = self.add();
        self.nodes[n as usize].param = Some(p);
        Some(p)
    }

    /// One step down from `n` for segment `seg`. `learn` allows new nodes.
    /// Returns the child, the edge kind and (for in-segment edges) the pattern.
    fn step(
        &mut self,
        n: NodeId,
        seg: &str,
        depth: usize,
        learn: bool,
        lim: &Limits,
    ) -> Option<(NodeId, Edge, Option<Box<str>>)> {
        let node = &self.nodes[n as usize];
        if seg == PARAM {
            return self.param_child(n, learn, lim).map(|c| (c, Edge::Param, None));
        }
        if seg.contains(PARAM) {
            if let Some(&c) = node.inner.get(seg) {
                return Some((c, Edge::Inner, Some(seg.into())));
            }
            if !learn || self.nodes.len() >= lim.max_nodes_per_host {
                return None;
            }
            let c = self.add();
            self.nodes[n as usize].inner.insert(seg.into(), c);
            return Some((c, Edge::Inner, Some(seg.into())));
        }
        if let Some(&c) = node.lit.get(seg) {
            return Some((c, Edge::Lit, None));
        }
        let shape = classify(seg, depth);
        if shape.is_strong() {
            return self.param_child(n, learn, lim).map(|c| (c, Edge::Param, None));
        }
        if let Some(pat) = inner_pattern(seg) {
            let pat: Box<str> = pat.into();
            if let Some(&c) = node.inner.get(&pat) {
                return Some((c, Edge::Inner, Some(pat)));
            }
            if !learn || self.nodes.len() >= lim.max_nodes_per_host {
                return None;
            }
            let c = self.add();
            self.nodes[n as usize].inner.insert(pat.clone(), c);
            return Some((c, Edge::Inner, Some(pat)));
        }
        if shape.may_merge()
            && let Some(p) = node.param
            && self.nodes[p as usize].open
        {
            return Some((p, Edge::Param, None));
        }
        if !learn {
            return None;
        }
        if node.lit.len() < lim.max_children && self.nodes.len() < lim.max_nodes_per_host {
            let c = self.add();
            self.nodes[n as usize].lit.insert(seg.into(), c);
            return Some((c, Edge::Lit, None));
        }
        // The node is full: the flood goes to the parameter child, which now takes anything,
        // and the node's values are re-learned for good once the walk is over.
        if !self.full.iter().any(|f| f.0 == n) {
            self.full.push((n, depth));
        }
        let p = self.param_child(n, true, lim)?;
        self.nodes[p as usize].open = true;
        Some((p, Edge::Param, None))
    }

    /// Walks a path (raw or template form); returns the template and the visited nodes.
    fn walk(
        &mut self,
        path: &str,
        method: u16,
        sig: u64,
        learn: bool,
        lim: &Limits,
        out: &mut String,
    ) -> bool {
        out.clear();
        let mut cur: NodeId = 0;
        let mut visited: Vec<NodeId> = Vec::new();
        let mut segs = path.split('/').filter(|s| !s.is_empty()).enumerate().peekable();
        while let Some((depth, seg)) = segs.next() {
            // Beyond the depth cap, the rest of the path is one parameter.
            let seg = if depth + 1 >= lim.max_depth && segs.peek().is_some() {
                while segs.next().is_some() {}
                PARAM
            } else {
                seg
            };
            let Some((c, edge, pat)) = self.step(cur, seg, depth, learn, lim) else {
                return false;
            };
            out.push('/');
            match edge {
                Edge::Lit => out.push_str(seg),
                Edge::Param => out.push_str(PARAM),
                Edge::Inner => out.push_str(pat.as_deref().unwrap_or(PARAM)),
            }
            visited.push(c);
            cur = c;
        }
        if out.is_empty() {
            out.push('/');
        }
        if learn {
            self.nodes[0].count += 1;
            for &v in &visited {
                self.nodes[v as usize].count += 1;
            }
            let last = visited.last().copied().unwrap_or(0);
            self.nodes[last as usize].ends |= method;
            self.nodes[last as usize].sig |= sig;
        }
        true
    }

    /// Adds `src`'s subtree at `s` (another tree) into this tree at `d`.
    fn graft(&mut self, src: &HostTree, s: NodeId, d: NodeId, lim: &Limits) {
        let sn = &src.nodes[s as usize];
        self.nodes[d as usize].count += sn.count;
        self.nodes[d as usize].open |= sn.open;
        self.nodes[d as usize].ends |= sn.ends;
        self.nodes[d as usize].sig |= sn.sig;
        for (name, &c) in &sn.lit {
            let dc = match self.nodes[d as usize].lit.get(name) {
                Some(&x) => Some(x),
                None if self.nodes.len() < lim.max_nodes_per_host
                    && self.nodes[d as usize].lit.len() < lim.max_children =>
                {
                    let x = self.add();
                    self.nodes[d as usize].lit.insert(name.clone(), x);
                    Some(x)
                }
                None => self.param_child(d, true, lim),
            };
            if let Some(dc) = dc {
                self.graft(src, c, dc, lim);
            }
        }
        for (pat, &c) in &sn.inner {
            let dc = match self.nodes[d as usize].inner.get(pat) {
                Some(&x) => Some(x),
                None if self.nodes.len() < lim.max_nodes_per_host => {
                    let x = self.add();
                    self.nodes[d as usize].inner.insert(pat.clone(), x);
                    Some(x)
                }
                None => None,
            };
            if let Some(dc) = dc {
                self.graft(src, c, dc, lim);
            }
        }
        if let Some(sp) = sn.param
            && let Some(dp) = self.param_child(d, true, lim)
        {
            self.graft(src, sp, dp, lim);
        }
    }

    /// Moves everything under `src` into `dst` (counts added, children merged recursively).
    fn merge_into(&mut self, src: NodeId, dst: NodeId) {
        if src == dst {
            return;
        }
        let s = std::mem::take(&mut self.nodes[src as usize]);
        {
            let d = &mut self.nodes[dst as usize];
            d.count += s.count;
            d.open |= s.open;
            d.ends |= s.ends;
            d.sig |= s.sig;
        }
        for (name, c) in s.lit {
            match self.nodes[dst as usize].lit.get(&name) {
                Some(&dc) => self.merge_into(c, dc),
                None => {
                    self.nodes[dst as usize].lit.insert(name, c);
                }
            }
        }
        for (pat, c) in s.inner {
            match self.nodes[dst as usize].inner.get(&pat) {
                Some(&dc) => self.merge_into(c, dc),
                None => {
                    self.nodes[dst as usize].inner.insert(pat, c);
                }
            }
        }
        if let Some(sp) = s.param {
            match self.nodes[dst as usize].param {
                Some(dp) => self.merge_into(sp, dp),
                None => self.nodes[dst as usize].param = Some(sp),
            }
        }
    }

    /// Names of the children of `n`: literal names, in-segment patterns and `${param}`.
    fn child_names(&self, n: NodeId) -> impl Iterator<Item = &str> {
        let node = &self.nodes[n as usize];
        node.lit.keys().chain(node.inner.keys()).map(|k| &**k).chain(node.param.map(|_| PARAM))
    }

    /// The weak literal children of `n` that the statistics say are parameter values.
    fn weak_group(&self, n: NodeId, depth: usize) -> Vec<Box<str>> {
        let node = &self.nodes[n as usize];
        let cands: Vec<(&str, u64)> = node
            .lit
            .iter()
            .filter(|(name, _)| classify(name, depth).may_merge())
            .map(|(name, &c)| (&**name, self.nodes[c as usize].count))
            .collect();
        if cands.len() < MIN_VALUES {
            return Vec::new();
        }
        let all_sum: u64 = cands.iter().map(|c| c.1).sum();
        // The core: values seen at most twice.
        let core: Vec<u64> = cands.iter().map(|c| c.1).filter(|&c| c <= 2).collect();
        if core.len() < MIN_VALUES {
            return Vec::new();
        }
        let core_sum: u64 = core.iter().sum();
        // Join every weak child hit less than LEAF_FACTOR times the core's mean.
        let core_len = core.len() as u64;
        let (mut group, mut rest): (Vec<Cand<'_>>, Vec<Cand<'_>>) =
            cands.into_iter().partition(|&(_, c)| c * core_len * 2 < LEAF_FACTOR_X2 * core_sum);
        let total: u64 = group.iter().map(|g| g.1).sum();
        // At least one distinct value per two requests.
        if group.len() < MIN_VALUES || (group.len() as u64) * 2 < total {
            return Vec::new();
        }
        // Values of one parameter answer with the same keys; fixed endpoints (`/user/login`,
        // `/user/key`) answer differently. Most pairs must agree.
        let sigs: Vec<u64> = group
            .iter()
            .filter_map(|g| node.lit.get(g.0).map(|&c| self.nodes[c as usize].sig))
            .filter(|&s| s != 0)
            .take(64)
            .collect();
        // Without answers to compare, ask for more values before calling them a parameter.
        if sigs.len() < 2 && group.len() < MIN_VALUES_BLIND {
            return Vec::new();
        }
        // Values share their sub-paths (`/users/{u}/repos`); fixed siblings each have their
        // own (`/coupons/check`, `/debug/eval`).
        let mut with_kids = 0usize;
        let mut kid_names: BTreeSet<&str> = BTreeSet::new();
        for (name, _) in &group {
            if let Some(&c) = node.lit.get(*name) {
                let mut any = false;
                for k in self.child_names(c) {
                    any = true;
                    kid_names.insert(k);
                }
                with_kids += usize::from(any);
            }
        }
        // (Answers that agree outweigh this at low traffic, where each value shows only one
        // of its sub-paths.)
        if sigs.len() < 2 && with_kids >= 2 && kid_names.len() * 2 > with_kids + 1 {
            return Vec::new();
        }
        if sigs.len() >= 2 {
            let (mut pairs, mut agree) = (0u32, 0u32);
            for (i, &a) in sigs.iter().enumerate() {
                for &b in &sigs[i + 1..] {
                    pairs += 1;
                    agree += u32::from(sig_agree(a, b));
                }
            }
            if 2 * agree < pairs {
                return Vec::new();
            }
        }
        // Busier siblings that behave like the values join, until nothing changes: same
        // methods, sub-paths that all occur under the values, and a small share of the
        // requests (a value of a small pool), e.g. `/droplets/{id}/kernels` for a busy id.
        // A fixed endpoint beside the values (`/users/me`, `POST /droplets/actions`) has
        // other methods or sub-paths, or carries a big share.
        let mut below: BTreeSet<&str> = BTreeSet::new();
        // Requests that already ended at the parameter child (typed values) show its methods.
        let mut methods = node.param.map_or(0, |p| self.nodes[p as usize].ends);
        let mut shapes: u16 = group.iter().fold(0, |acc, g| acc | classify(g.0, depth).bit());
        for (name, _) in &group {
            if let Some(&c) = node.lit.get(*name) {
                below.extend(self.child_names(c));
                methods |= self.nodes[c as usize].ends;
            }
        }
        loop {
            let before = group.len();
            let mut keep = Vec::with_capacity(rest.len());
            for (name, cnt) in rest {
                let Some(&c) = node.lit.get(name) else { continue };
                let cn = &self.nodes[c as usize];
                let kids: Vec<&str> = self.child_names(c).collect();
                let shape = classify(name, depth).bit();
                // With no request ending at a value yet, only structure can tell.
                let joins = (cn.ends & !methods == 0 || (methods == 0 && !kids.is_empty()))
                    && if kids.is_empty() {
                        // A leaf has no structure to compare: it must also look like a value.
                        shape & shapes != 0 && cnt * LEAF_SHARE < all_sum
                    } else {
                        kids.iter().all(|k| below.contains(k))
                            && (cnt * core_len < SUBTREE_FACTOR * core_sum || cnt * SUBTREE_SHARE < all_sum)
                    };
                if joins {
                    below.extend(kids);
                    methods |= cn.ends;
                    shapes |= shape;
                    group.push((name, cnt));
                } else {
                    keep.push((name, cnt));
                }
            }
            rest = keep;
            if group.len() == before {
                break;
            }
        }
        group.into_iter().map(|g| g.0.into()).collect()
    }

    /// The template that an ingest-time template (or raw path) maps to in this tree.
    fn resolve(&self, template: &str) -> Option<String> {
        let tree = self;
        let mut out = String::with_capacity(template.len() + 8);
        let mut cur: NodeId = 0;
        for (depth, seg) in template.split('/').filter(|s| !s.is_empty()).enumerate() {
            let node = &tree.nodes[cur as usize];
            let (next, text): (NodeId, &str) = if seg == PARAM {
                (node.param?, PARAM)
            } else if seg.contains(PARAM) {
                (*node.inner.get(seg)?, seg)
            } else if let Some(&c) = node.lit.get(seg) {
                (c, seg)
            } else if let Some(pat) = inner_pattern(seg)
                && let Some(&c) = node.inner.get(pat.as_str())
            {
                out.push('/');
                out.push_str(&pat);
                cur = c;
                continue;
            } else {
                let shape = classify(seg, depth);
                let p = node.param?;
                if !(shape.is_strong() || tree.nodes[p as usize].open || shape == Shape::Other) {
                    return None;
                }
                (p, PARAM)
            };
            out.push('/');
            out.push_str(text);
            cur = next;
        }
        if out.is_empty() {
            out.push('/');
        }
        Some(out)
    }

    /// Merges the weak group of `n` (children at `depth`) into its parameter child.
    /// True when something was merged. May add one node beyond the cap (the parameter).
    fn learn_at(&mut self, n: NodeId, depth: usize) -> bool {
        let group = self.weak_group(n, depth);
        if group.is_empty() {
            return false;
        }
        let p = match self.nodes[n as usize].param {
            Some(p) => p,
            None => {
                let id = self.add();
                self.nodes[n as usize].param = Some(id);
                id
            }
        };
        self.nodes[p as usize].open = true;
        for name in group {
            if let Some(c) = self.nodes[n as usize].lit.remove(&name) {
                self.merge_into(c, p);
            }
        }
        true
    }

    /// Re-learns the whole tree top-down (see the module doc, step 2).
    fn relearn(&mut self, lim: &Limits) {
        let mut queue: VecDeque<(NodeId, bool, usize)> = VecDeque::from([(0, false, 0)]);
        while let Some((n, busy_value, depth)) = queue.pop_front() {
            // `depth` is the depth of n's children; no weak parameters right under the root.
            // Under a busy value left beside a learned parameter, the few requests make
            // every fixed sub-path look rare: learn nothing there.
            if depth >= 1 && !busy_value {
                self.learn_at(n, depth);
            }
            if depth < lim.max_depth {
                let node = &self.nodes[n as usize];
                let learned: BTreeSet<&str> = match node.param {
                    Some(p) if self.nodes[p as usize].open => self.child_names(p).collect(),
                    _ => BTreeSet::new(),
                };
                for (name, &k) in &node.lit {
                    // A value left literal has the sub-paths of the learned parameter.
                    // Everything below such a value is left alone too.
                    let busy = busy_value
                        || (classify(name, depth).may_merge()
                            && self.child_names(k).any(|c| c != PARAM && learned.contains(c)));
                    queue.push_back((k, busy, depth + 1));
                }
                queue.extend(
                    node.inner.values().chain(node.param.iter()).map(|&k| (k, busy_value, depth + 1)),
                );
            }
        }
    }
}

/// The per-host template trees. Plain data: cloneable, serialisable, comparable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PathTemplater {
    limits: Limits,
    hosts: BTreeMap<String, HostTree>,
    /// Paths that could not be placed because a cap was reached.
    pub overflow: u64,
    /// Nodes over all hosts.
    #[serde(default)]
    total_nodes: usize,
    /// Hosts whose tree was re-learned for good since [`PathTemplater::take_relearned`].
    #[serde(skip)]
    relearned: BTreeSet<String>,
}

impl PathTemplater {
    /// An empty templater with these caps.
    pub fn new(limits: Limits) -> Self {
        PathTemplater {
            limits,
            hosts: BTreeMap::new(),
            overflow: 0,
            total_nodes: 0,
            relearned: BTreeSet::new(),
        }
    }

    /// The caps in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The ingest-time template of `path` on `host` (host already normalised), counting
    /// the request. With `learn` false (noise such as 404 answers) nothing new is created and
    /// nothing is counted: the path only maps when an existing template covers it.
    /// `None` when it does not map (or a cap was reached).
    pub fn observe(&mut self, host: &str, method: &str, path: &str, learn: bool) -> Option<String> {
        let mut out = String::with_capacity(path.len() + 8);
        if self.observe_into(host, method, path, 0, learn, &mut out) { Some(out) } else { None }
    }

    /// Like [`PathTemplater::observe`], writing the template into a reused buffer, with the
    /// response's [`body_signature`] (0 when unknown) as evidence for re-learning.
    pub fn observe_into(
        &mut self,
        host: &str,
        method: &str,
        path: &str,
        sig: u64,
        learn: bool,
        out: &mut String,
    ) -> bool {
        let mut lim = self.limits;
        if !self.hosts.contains_key(host) {
            if !learn || self.hosts.len() >= lim.max_hosts || self.total_nodes >= lim.max_total_nodes {
                self.overflow += u64::from(learn);
                return false;
            }
            self.hosts.insert(host.to_owned(), HostTree::default());
            self.total_nodes += 1;
        }
        let Some(tree) = self.hosts.get_mut(host) else { return false };
        let before = tree.nodes.len();
        // This host may grow by what is left of the global budget.
        lim.max_nodes_per_host =
            lim.max_nodes_per_host.min(before + lim.max_total_nodes.saturating_sub(self.total_nodes));
        let ok = tree.walk(path, method_bit(method), sig, learn, &lim, out);
        let full = std::mem::take(&mut tree.full);
        let mut learned = false;
        for (n, depth) in full {
            // Only into an existing parameter child: the caps hold for good.
            if tree.nodes[n as usize].param.is_some() {
                learned |= tree.learn_at(n, depth);
            }
        }
        self.total_nodes += tree.nodes.len() - before;
        if learned {
            self.relearned.insert(host.to_owned());
        }
        if !ok && learn {
            self.overflow += 1;
        }
        ok
    }

    /// Folds another templater (a shard that saw other records) into this one: the trees
    /// are added node by node, so the result has the same shape in either order.
    pub fn merge(&mut self, other: PathTemplater) {
        self.overflow += other.overflow;
        let lim = self.limits;
        for (host, tree) in other.hosts {
            let room = self.hosts.len() < lim.max_hosts;
            match self.hosts.get_mut(&host) {
                Some(mine) => mine.graft(&tree, 0, 0, &lim),
                None if room => {
                    let mut fresh = HostTree::default();
                    fresh.graft(&tree, 0, 0, &lim);
                    self.hosts.insert(host, fresh);
                }
                None => self.overflow += tree.nodes[0].count,
            }
        }
        self.total_nodes = self.hosts.values().map(|t| t.nodes.len()).sum();
    }

    /// Nodes in the tree of `host` (0 when unknown).
    pub fn node_count(&self, host: &str) -> usize {
        self.hosts.get(host).map_or(0, |t| t.nodes.len())
    }

    /// Hosts whose tree was re-learned for good (a node filled up and its values were
    /// merged into a parameter) since the last call: their ingest-time templates changed,
    /// see [`PathTemplater::resolve`].
    pub fn take_relearned(&mut self) -> Vec<String> {
        std::mem::take(&mut self.relearned).into_iter().collect()
    }

    /// The current ingest-time template of an older ingest-time template (or a raw path)
    /// on `host`, without re-learning. `None` when it maps nowhere.
    pub fn resolve(&self, host: &str, template: &str) -> Option<String> {
        self.hosts.get(host)?.resolve(template)
    }

    /// Nodes over all hosts.
    pub fn total_nodes(&self) -> usize {
        self.total_nodes
    }

    /// Hosts with a tree.
    pub fn host_count(&self) -> usize {
        self.hosts.len()
    }

    /// The re-learned view: every tree with weak literal siblings merged where the
    /// statistics say they are parameter values.
    pub fn view(&self) -> TemplateView {
        let mut hosts = self.hosts.clone();
        for t in hosts.values_mut() {
            t.relearn(&self.limits);
        }
        TemplateView { limits: self.limits, hosts }
    }
}

/// Re-learned templates (see [`PathTemplater::view`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateView {
    limits: Limits,
    hosts: BTreeMap<String, HostTree>,
}

impl TemplateView {
    /// The re-learned template of an ingest-time template (or of a raw path) on `host`.
    /// `None` when the host or path is unknown.
    pub fn resolve(&self, host: &str, template: &str) -> Option<String> {
        self.hosts.get(host)?.resolve(template)
    }

    /// The caps of the templater this view came from.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(paths: &[&str]) -> (PathTemplater, Vec<String>) {
        let mut t = PathTemplater::default();
        let ingest: Vec<String> = paths.iter().map(|p| t.observe("h", "GET", p, true).unwrap()).collect();
        let v = t.view();
        let out = ingest.iter().map(|i| v.resolve("h", i).unwrap()).collect();
        (t, out)
    }

    #[test]
    fn strong_ids_are_parameters_at_once() {
        let mut t = PathTemplater::default();
        assert_eq!(t.observe("h", "GET", "/users/42", true).unwrap(), "/users/${param}");
        assert_eq!(
            t.observe("h", "GET", "/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6/items", true).unwrap(),
            "/orders/${param}/items"
        );
        assert_eq!(
            t.observe("h", "GET", "/v1/customers/cus_9s8dXa2kQ7pL", true).unwrap(),
            "/v1/customers/${param}"
        );
        assert_eq!(t.observe("h", "GET", "/", true).unwrap(), "/");
        assert_eq!(t.observe("h", "GET", "/a//b/", true).unwrap(), "/a/b");
    }

    #[test]
    fn noise_does_not_create_nodes() {
        let mut t = PathTemplater::default();
        t.observe("h", "GET", "/users/42", true).unwrap();
        let n = t.node_count("h");
        assert_eq!(t.observe("h", "GET", "/wp-login.php", false), None);
        assert_eq!(t.observe("h", "GET", "/users/77", false).as_deref(), Some("/users/${param}"));
        assert_eq!(t.node_count("h"), n);
        assert_eq!(t.observe("other", "GET", "/x", false), None);
        assert_eq!(t.host_count(), 1);
    }

    #[test]
    fn rare_words_merge_frequent_stay() {
        let mut paths = Vec::new();
        for name in ["alice", "bob", "carol", "dave", "erin"] {
            paths.push(format!("/users/{name}/repos"));
        }
        for _ in 0..5 {
            paths.push("/users/me".to_string());
        }
        let refs: Vec<&str> = paths.iter().map(|s| s.as_str()).collect();
        let (_, out) = learn(&refs);
        assert_eq!(out[0], "/users/${param}/repos");
        assert_eq!(out[4], "/users/${param}/repos");
        assert_eq!(out[5], "/users/me");
    }
}
