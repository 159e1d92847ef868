// Command pcgroups measures the consumer primitive of broker/natsbroker
// against orbit.go/pcgroups v0.2.2 elastic consumer groups (DESIGN.md: measure
// before replacing an engine primitive). It stores N events over 16
// partitions in a file-backed stream on an embedded NATS, then times
// consuming and acking all of them with either
//
//	pinned:  16 durable consumers (one per partition subject) in a
//	         pinned_client priority group, as natsbroker.Worker does
//	elastic: a pcgroups elastic group (16 partitions, one member); its time
//	         includes sourcing the events into the group's work-queue stream,
//	         which is part of that design's cost
//
// Usage: go run . N pinned|elastic. It is a separate module so that the
// pcgroups dependency stays out of scurry's go.mod.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/scurrygo/scurry/broker/embedded"
	"github.com/synadia-io/orbit.go/pcgroups"
)

const parts = 16

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	mode := os.Args[2]
	ns, err := embedded.Start(embedded.Options{})
	must(err)
	defer ns.Close()
	nc, err := embedded.Connect(ns.ClientURL(), "bench")
	must(err)
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	_, err = js.CreateStream(ctx, jetstream.StreamConfig{Name: "EV", Subjects: []string{"ev.*.*"}, Storage: jetstream.FileStorage})
	must(err)
	payload := make([]byte, 300)
	for i := range n {
		_, err := js.PublishAsync("ev."+strconv.Itoa(i%parts)+".MESSAGE_CREATE", payload)
		must(err)
	}
	<-js.PublishAsyncComplete()
	var got atomic.Int64
	done := make(chan struct{})
	handle := func(m jetstream.Msg) {
		_ = m.Ack()
		if got.Add(1) == int64(n) {
			close(done)
		}
	}
	start := time.Now()
	switch mode {
	case "pinned":
		var ccs []jetstream.ConsumeContext
		for p := range parts {
			c, err := js.CreateOrUpdateConsumer(ctx, "EV", jetstream.ConsumerConfig{
				Durable: "p" + strconv.Itoa(p), FilterSubject: "ev." + strconv.Itoa(p) + ".*",
				AckPolicy: jetstream.AckExplicitPolicy, PriorityPolicy: jetstream.PriorityPolicyPinned,
				PriorityGroups: []string{"g"}, PinnedTTL: 10 * time.Second})
			must(err)
			cc, err := c.Consume(handle, jetstream.PullPriorityGroup("g"))
			must(err)
			ccs = append(ccs, cc)
		}
		<-done
		for _, cc := range ccs {
			cc.Stop()
		}
	case "elastic":
		_, err := pcgroups.CreateElastic(ctx, js, "EV", "cg", parts, []pcgroups.PartitioningFilter{{Filter: "ev.*.*", PartitioningWildcards: []int{1}}}, 0, 0)
		must(err)
		_, err = pcgroups.AddMembers(ctx, js, "EV", "cg", []string{"m1"})
		must(err)
		cc, err := pcgroups.ElasticConsume(ctx, js, "EV", "cg", "m1", handle, jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy, AckWait: 5 * time.Second})
		must(err)
		<-done
		cc.Stop()
	}
	el := time.Since(start)
	fmt.Printf("%s n=%d %.0f events/s (%v)\n", mode, n, float64(n)/el.Seconds(), el.Round(time.Millisecond))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
