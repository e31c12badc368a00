use super::*;

fn ts(s: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + s).unwrap()
}

fn page(items: &[(&str, i64)], next: Option<&str>) -> PageIn {
    PageIn {
        items: items
            .iter()
            .map(|(id, t)| ((*id).to_owned(), ts(*t)))
            .collect(),
        next_link: next.map(str::to_owned),
        date: None,
    }
}

fn deliver_all(engine: &mut Engine, page: &PageIn) -> Vec<String> {
    let mut out = Vec::new();
    for (id, t) in &page.items {
        if engine.deliver((*t, id.clone())) {
            out.push(format!("{id}@{}", t.as_second() - 1_800_000_000));
        }
    }
    engine.page_done();
    out
}

#[test]
fn ordered_pages_advance_by_key_and_ties_are_read_as_a_group() {
    let mut engine = Engine::new(SignedDuration::from_secs(60), 3, Mode::Ordered);
    engine.start_pass();
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::All,
            order: Order::Asc
        })
    );
    let p = page(&[("a", 1), ("b", 2), ("c", 2)], Some("n"));
    assert_eq!(engine.on_page(&p), Step::Continue);
    // The calibration probe: the same request, descending.
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::All,
            order: Order::Desc
        })
    );
    let desc = page(&[("z", 9), ("c", 2), ("b", 2)], Some("m"));
    assert_eq!(engine.on_page(&desc), Step::Continue);
    assert_eq!(deliver_all(&mut engine, &p), ["a@1", "b@2", "c@2"]);
    assert_eq!(engine.watermark, Some(ts(2)));
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::Ge(ts(2)),
            order: Order::Asc
        })
    );
    // A full page at the tie time: the group is read on its own.
    let p = page(&[("b", 2), ("c", 2), ("d", 2)], Some("n"));
    assert_eq!(engine.on_page(&p), Step::Continue);
    assert_eq!(deliver_all(&mut engine, &p), ["d@2"]);
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::Eq(ts(2)),
            order: Order::None
        })
    );
    for _ in 0..2 {
        let p = page(&[("b", 2), ("c", 2), ("d", 2)], Some("l2"));
        assert_eq!(engine.on_page(&p), Step::Continue);
        assert_eq!(engine.next_fetch(), Some(Fetch::Link("l2".into())));
        let p2 = page(&[("e", 2)], None);
        assert_eq!(engine.on_page(&p2), Step::Continue);
        deliver_all(&mut engine, &p);
        deliver_all(&mut engine, &p2);
    }
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::Gt(ts(2)),
            order: Order::Asc
        })
    );
    let p = page(&[("f", 9)], None);
    assert_eq!(engine.on_page(&p), Step::PassDone);
    assert_eq!(deliver_all(&mut engine, &p), ["f@9"]);
    assert_eq!(engine.watermark, Some(ts(9)));
    assert!(engine.settled());
}

#[test]
fn an_unsorted_page_switches_to_unordered_passes() {
    let mut engine = Engine::new(SignedDuration::from_secs(60), 3, Mode::Ordered);
    engine.start_pass();
    let p = page(&[("a", 5), ("b", 2)], None);
    assert_eq!(engine.on_page(&p), Step::Continue);
    // Both directions come back in the same order: ignored.
    assert_eq!(engine.on_page(&p), Step::Continue);
    assert_eq!(engine.mode, Mode::Unordered);
    assert_eq!(
        engine.next_fetch(),
        Some(Fetch::Query {
            bound: Bound::All,
            order: Order::None
        })
    );
    assert_eq!(engine.on_page(&p), Step::PassDone);
    deliver_all(&mut engine, &p);
    assert_eq!(engine.watermark, None, "one pass proves nothing");
    assert!(!engine.settled());
    engine.start_pass();
    assert_eq!(engine.on_page(&p), Step::PassDone);
    engine.page_done();
    assert_eq!(
        engine.watermark,
        Some(ts(5)),
        "confirmed by the second pass"
    );
    assert!(engine.settled(), "a `once` run ends after a confirmation");
}

#[test]
fn a_changed_item_withholds_confirmation() {
    let mut engine = Engine::new(SignedDuration::from_secs(60), 3, Mode::Unordered);
    engine.start_pass();
    assert_eq!(
        engine.on_page(&page(&[("a", 5), ("b", 2)], None)),
        Step::PassDone
    );
    engine.start_pass();
    // `b` changed: the first pass may have skipped something.
    assert_eq!(
        engine.on_page(&page(&[("a", 5), ("b", 7)], None)),
        Step::PassDone
    );
    engine.page_done();
    assert_eq!(engine.watermark, None);
}
