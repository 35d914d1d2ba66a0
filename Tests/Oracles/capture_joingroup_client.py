import sys, time
from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient, NewTopic
a = AdminClient({'bootstrap.servers': '127.0.0.1:39202'})
for f in a.create_topics([NewTopic('orders', 3, 1), NewTopic('audit', 2, 1)]).values():
    try: f.result(10)
    except Exception as e: print('topic', e)
c = Consumer({'bootstrap.servers': '127.0.0.1:39202', 'group.id': 'golden', 'client.id': 'golden-client',
              'partition.assignment.strategy': sys.argv[1], 'session.timeout.ms': 10000})
c.subscribe(['orders', 'audit'])
end = time.time() + float(sys.argv[2])
while time.time() < end:
    c.poll(0.5)
    pass
c.close()
