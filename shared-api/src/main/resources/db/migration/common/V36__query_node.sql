-- The query nodes that are running, each seen within the last few seconds (the database's clock both writes and
-- reads seen_at, so node clocks never matter). The segment balancer divides the processors' segments by their number.
create table query_node (
    node_id varchar(64) not null,
    seen_at timestamp with time zone not null,
    constraint pk_query_node primary key (node_id)
);
