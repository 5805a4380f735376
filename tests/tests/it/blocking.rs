//! The blocking client: the async client's operations, waited for on the
//! calling thread; a clear error, not a panic, inside an async runtime.

use graph_resource::blocking::Client;
use graph_resource::emulator::Emulator;
use graph_resource::{Error, ResourcePath, StaticToken};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource as Source, EnrollmentConfigurationAssignment as Assignment,
    EnrollmentConfigurationAssignmentPath,
};

const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};

/// The emulator on a runtime of its own threads, as a script's test would
/// have it.
fn emulator() -> (tokio::runtime::Runtime, Emulator) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime.block_on(Emulator::start()).unwrap();
    (runtime, emulator)
}

fn client(emulator: &Emulator) -> Client {
    Client::build(
        graph_resource::Client::builder()
            .base_url(emulator.base_url())
            .token(StaticToken::new("t")),
    )
    .unwrap()
}

#[test]
fn every_operation_is_waited_for_on_the_calling_thread() {
    let (_runtime, emulator) = emulator();
    let client = client(&emulator);
    let seed = Assignment {
        source: Some(Source::Direct),
        ..Default::default()
    };
    let created = client.run(|graph| seed.create(graph, PATH)).unwrap();
    let id = created.id().expect("an id").to_owned();
    client.run(|graph| seed.create(graph, PATH)).unwrap();

    let read = client
        .run(|graph| Assignment::get(graph, PATH.item(&id)).select(["id", "source"]))
        .unwrap();
    assert_eq!(read.id(), Some(id.as_str()));
    assert!(
        emulator
            .requests()
            .last()
            .unwrap()
            .target
            .ends_with("?$select=id%2Csource")
    );

    let all = client
        .run(|graph| Assignment::list(graph, PATH).top(1).all())
        .unwrap();
    assert_eq!(all.len(), 2, "both pages of one");

    let changed = Assignment {
        source_id: Some("changed".into()),
        ..Default::default()
    };
    client.run(|graph| changed.update(graph, PATH.item(&id))).unwrap();
    let read = client
        .run(|graph| Assignment::get(graph, PATH.item(&id)))
        .unwrap();
    assert_eq!(read.source_id.as_deref(), Some("changed"));

    client
        .run(|graph| Assignment::delete(graph, PATH.item(&id)))
        .unwrap();
    let err = client
        .run(|graph| Assignment::get(graph, PATH.item(&id)))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));

    // A clone shares the runtime and the connection pool; dropping the
    // original leaves it working.
    let clone = client.clone();
    drop(client);
    assert_eq!(
        clone
            .run(|graph| Assignment::list(graph, PATH).all())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn inside_an_async_runtime_it_refuses_instead_of_panicking() {
    let (runtime, emulator) = emulator();
    let client = client(&emulator);
    let before = emulator.requests().len();
    let err = runtime
        .block_on(async {
            let seed = Assignment::default();
            client.run(|graph| seed.create(graph, PATH))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("use the async client"), "{err}");
    assert_eq!(emulator.requests().len(), before, "nothing was sent");

    // There, the async client it holds serves; and dropping the blocking
    // client inside the runtime is fine.
    runtime.block_on(async move {
        let created = Assignment::default()
            .create(client.as_async(), PATH)
            .await
            .unwrap();
        assert!(created.id().is_some());
        drop(client);
    });
}
