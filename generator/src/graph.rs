//! Strongly connected components: what must stay together, such as the
//! types that hold each other (boxed, `emit::recursive`) and the items that
//! name each other (one crate, `areas::shards`).

/// The strongly connected components of the graph whose node `n` has an
/// edge to each of `edges[n]` (Tarjan's, iterative so that a deep graph
/// cannot overflow the stack), each after every component it has an edge
/// to, its nodes in order.
pub(crate) fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are followed)
        let mut path = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = path.last_mut() {
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    path.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_after_what_they_name_and_cycles_stay_together() {
        // 0 -> 1 -> 2 -> 1, 3 -> 0
        let edges = vec![Vec::from([1]), Vec::from([2]), Vec::from([1]), Vec::from([0])];
        assert_eq!(components(&edges), vec![vec![1, 2], vec![0], vec![3]]);
    }
}
