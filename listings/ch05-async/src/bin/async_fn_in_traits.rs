//! `async fn` in traits: with generics it just works; to spawn the future,
//! the trait must promise `Send`; behind `dyn`, the method must return a
//! boxed future.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// A key-value store in memory; its lookups pretend to wait for I/O.
struct Memory(HashMap<&'static str, &'static str>);

impl Memory {
    fn new() -> Self {
        Memory(HashMap::from([("host", "127.0.0.1"), ("port", "8080")]))
    }
}

// ANCHOR: generic
trait Store {
    async fn get(&self, key: &str) -> Option<String>;
}

impl Store for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        tokio::task::yield_now().await; // where a real store would wait
        self.0.get(key).map(|v| v.to_string())
    }
}

/// Generic over any `Store`: the call is static, nothing is boxed.
async fn address<S: Store>(store: &S) -> Option<String> {
    let (host, port) = tokio::join!(store.get("host"), store.get("port"));
    Some(format!("{}:{}", host?, port?))
}
// ANCHOR_END: generic

// ANCHOR: send
trait SendStore {
    // The same method, spelt out, with the promise callers need.
    fn get(&self, key: &str) -> impl Future<Output = Option<String>> + Send;
}

impl SendStore for Memory {
    async fn get(&self, key: &str) -> Option<String> {
        // `async fn` still implements it; the compiler checks the `Send`.
        Store::get(self, key).await
    }
}

fn spawn_get<S>(store: Arc<S>, key: &'static str) -> JoinHandle<Option<String>>
where
    S: SendStore + Send + Sync + 'static,
{
    tokio::spawn(async move { store.get(key).await })
}
// ANCHOR_END: send

// ANCHOR: dyn
/// A future on the heap, behind a pointer of one known size: the shape that
/// `#[async_trait]` gives every method.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

trait DynStore: Send + Sync {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>>;
}

impl DynStore for Memory {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(Store::get(self, key)) // the `async fn`'s future, boxed
    }
}

/// A second store of another type, so that a list of them needs `dyn`.
struct Empty;

impl DynStore for Empty {
    fn get<'a>(&'a self, _key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(async { None })
    }
}

/// Asks each store in turn; the first that knows the key answers.
async fn first_answer(stores: &[Box<dyn DynStore>], key: &str) -> Option<String> {
    for store in stores {
        if let Some(value) = store.get(key).await {
            return Some(value);
        }
    }
    None
}
// ANCHOR_END: dyn

#[tokio::main]
async fn main() {
    // ANCHOR: main
    let memory = Arc::new(Memory::new());
    let addr = address(&*memory).await;
    assert_eq!(addr.as_deref(), Some("127.0.0.1:8080"));
    println!("generic: address = {}", addr.unwrap());

    let port = spawn_get(Arc::clone(&memory), "port").await.unwrap();
    assert_eq!(port.as_deref(), Some("8080"));
    println!("spawned: port = {}", port.unwrap());

    let stores: Vec<Box<dyn DynStore>> = vec![Box::new(Empty), Box::new(Memory::new())];
    let host = first_answer(&stores, "host").await;
    let user = first_answer(&stores, "user").await;
    assert_eq!((host.as_deref(), user), (Some("127.0.0.1"), None));
    println!("dyn: host = {}, user = None", host.unwrap());
    // ANCHOR_END: main
}
