package io.bourse.engine;

/** STUB. */
final class Account {
}
