PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE campaigns (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  config_text TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  status      TEXT NOT NULL DEFAULT 'created'
);
INSERT INTO campaigns VALUES(1,'release-fixture',replace('# The campaign every earlier release ran to write its fixture (generate.sh): an evolution search over the\n# one-unit Ramachandran space on two spirals, two rungs and a final round, so each fixture holds\n# proposed, rejected, duplicate and eliminated candidates, baselines and final evaluations.\nname: release-fixture\nseed: 11\nworkers: 2\ntask: task.yaml\nspace: space.yaml\nstrategy: {kind: evolution, budget: 6, population: 4, tournament: 2, batch: 3}\nfidelity:\n  rungs:\n    - {train_examples: 500, epochs: 1, seeds: 1}\n    - {train_examples: 1000, epochs: 2, seeds: 2, keep: 0.5}\n  final: {top: 2, seeds: 2, epochs: 2, test: true}\nbaselines: [relu, swish]\n','\n',char(10)),'dafe6e4d0a5e5e03',11,'2026-12-07T16:34:35.192Z','2026-12-07T16:34:35.371Z','done');
CREATE TABLE candidates (
  id               INTEGER PRIMARY KEY,
  fingerprint      TEXT NOT NULL UNIQUE,
  expr             TEXT NOT NULL,
  latex            TEXT NOT NULL DEFAULT '',
  complexity       INTEGER NOT NULL DEFAULT 0,
  finite           INTEGER NOT NULL DEFAULT 1 CHECK (finite IN (0, 1)),
  nearest          TEXT,
  nearest_distance REAL,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
INSERT INTO candidates VALUES(1,'c967178dc0ced7a2','relu(x)','\operatorname{relu}\left(x\right)',2,1,'relu',0.0,'2026-12-07T16:34:35.223Z');
INSERT INTO candidates VALUES(2,'426a97d232ba51f7','silu(x)','\operatorname{SiLU}\left(x\right)',2,1,'swish',0.0,'2026-12-07T16:34:35.236Z');
INSERT INTO candidates VALUES(3,'4e6b23f931dfa8b3','sigmoid(softplus(x))*exp(-x^2)','\sigma\left(\operatorname{softplus}\left(x\right)\right) \cdot e^{-x^{2}}',9,1,'squared_relu',0.87169585985113862136,'2026-12-07T16:34:35.264Z');
INSERT INTO candidates VALUES(4,'01152aef6d069a93','exp(-(beta2*(exp(-x^2) - beta)^2))','e^{-\left(\operatorname{beta2} \cdot \left(e^{-x^{2}} - \beta\right)^{2}\right)}',13,1,'squared_relu',0.78345265677048736563,'2026-12-07T16:34:35.281Z');
INSERT INTO candidates VALUES(5,'3148ca527d65cdfd','max(relu(x), x^3)','\max\left(\operatorname{relu}\left(x\right), x^{3}\right)',6,1,'squared_relu',0.26055237466735742257,'2026-12-07T16:34:35.286Z');
INSERT INTO candidates VALUES(6,'9fa11c69b3a90ec4','min(sigmoid(x), min(0, x))','\min\left(\sigma\left(x\right), \min\left(0, x\right)\right)',6,1,'hard_sigmoid',0.51654956050996569949,'2026-12-07T16:34:35.303Z');
INSERT INTO candidates VALUES(7,'0e50277b9b88ba89','-x - exp(-x^2)','-x - e^{-x^{2}}',8,1,'hard_sigmoid',0.17944290303592622115,'2026-12-07T16:34:35.314Z');
INSERT INTO candidates VALUES(8,'2aea3c44cb8e9bea','atan(x)*sigmoid(exp(-x^2))','\arctan\left(x\right) \cdot \sigma\left(e^{-x^{2}}\right)',9,1,'tanh',0.014294933373534875892,'2026-12-07T16:34:35.340Z');
INSERT INTO candidates VALUES(9,'8e94c6844be036f4','abs(x)*sigmoid(exp(-x^2))','\left|x\right| \cdot \sigma\left(e^{-x^{2}}\right)',9,1,'squared_relu',0.80526212414419062746,'2026-12-07T16:34:35.357Z');
CREATE TABLE probes (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  value        REAL,
  PRIMARY KEY (candidate_id, name)
) WITHOUT ROWID;
INSERT INTO probes VALUES(1,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(1,'dead_fraction',0.5);
INSERT INTO probes VALUES(1,'forward_variance_ratio',0.16115622331140327938);
INSERT INTO probes VALUES(1,'gradient_norm_ratio',1.1863757965219450252);
INSERT INTO probes VALUES(1,'max_slope',1.0);
INSERT INTO probes VALUES(1,'mean',0.39894228040143264735);
INSERT INTO probes VALUES(1,'mean_slope',0.5);
INSERT INTO probes VALUES(1,'near_linearity',0.7334711034621286263);
INSERT INTO probes VALUES(1,'non_finite',0.0);
INSERT INTO probes VALUES(1,'second_moment',0.49999999999999955591);
INSERT INTO probes VALUES(1,'slope_second_moment',0.5);
INSERT INTO probes VALUES(2,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(2,'dead_fraction',0.0);
INSERT INTO probes VALUES(2,'forward_variance_ratio',26631.89805011698263);
INSERT INTO probes VALUES(2,'gradient_norm_ratio',5378392.4622237263245);
INSERT INTO probes VALUES(2,'max_slope',1.099839301230522981);
INSERT INTO probes VALUES(2,'mean',0.20662096414190725401);
INSERT INTO probes VALUES(2,'mean_slope',0.49999999999999972244);
INSERT INTO probes VALUES(2,'near_linearity',0.79850954170977461732);
INSERT INTO probes VALUES(2,'non_finite',0.0);
INSERT INTO probes VALUES(2,'second_moment',0.3557755198173518929);
INSERT INTO probes VALUES(2,'slope_second_moment',0.37948235163282950654);
INSERT INTO probes VALUES(3,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(3,'dead_fraction',5.8849447384471485359e-07);
INSERT INTO probes VALUES(3,'forward_variance_ratio',1.1610974969684828561);
INSERT INTO probes VALUES(3,'gradient_norm_ratio',7.4850235050808581298e-06);
INSERT INTO probes VALUES(3,'max_slope',0.57828496221319736214);
INSERT INTO probes VALUES(3,'mean',0.38804349218090350426);
INSERT INTO probes VALUES(3,'mean_slope',0.020276346762491799513);
INSERT INTO probes VALUES(3,'near_linearity',0.0080180126831255107283);
INSERT INTO probes VALUES(3,'non_finite',0.0);
INSERT INTO probes VALUES(3,'second_moment',0.2018535796731714127);
INSERT INTO probes VALUES(3,'slope_second_moment',0.15982584928393800405);
INSERT INTO probes VALUES(4,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(4,'dead_fraction',5.6738590515259443671e-07);
INSERT INTO probes VALUES(4,'forward_variance_ratio',1.0785344894814428151);
INSERT INTO probes VALUES(4,'gradient_norm_ratio',9.332269089313730905e-33);
INSERT INTO probes VALUES(4,'max_slope',0.65410695820735809125);
INSERT INTO probes VALUES(4,'mean',0.78419530277970139753);
INSERT INTO probes VALUES(4,'mean_slope',2.4669355585800085057e-17);
INSERT INTO probes VALUES(4,'near_linearity',2.7232733252682962336e-34);
INSERT INTO probes VALUES(4,'non_finite',0.0);
INSERT INTO probes VALUES(4,'second_moment',0.66440317230558998407);
INSERT INTO probes VALUES(4,'slope_second_moment',0.14579929949874123606);
INSERT INTO probes VALUES(5,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(5,'dead_fraction',0.5);
INSERT INTO probes VALUES(5,'forward_variance_ratio',1e999);
INSERT INTO probes VALUES(5,'gradient_norm_ratio',NULL);
INSERT INTO probes VALUES(5,'max_slope',7500.0);
INSERT INTO probes VALUES(5,'mean',0.88288372943971848982);
INSERT INTO probes VALUES(5,'mean_slope',1.5432226814203431342);
INSERT INTO probes VALUES(5,'near_linearity',0.35120182731466864645);
INSERT INTO probes VALUES(5,'non_finite',0.0);
INSERT INTO probes VALUES(5,'second_moment',7.5605880454232670118);
INSERT INTO probes VALUES(5,'slope_second_moment',13.335982684907042638);
INSERT INTO probes VALUES(6,'curvature_sign_changes',0.0);
INSERT INTO probes VALUES(6,'dead_fraction',0.5);
INSERT INTO probes VALUES(6,'forward_variance_ratio',0.23335133994498538645);
INSERT INTO probes VALUES(6,'gradient_norm_ratio',1.4066145094809414661);
INSERT INTO probes VALUES(6,'max_slope',1.0);
INSERT INTO probes VALUES(6,'mean',-0.39894228040143270286);
INSERT INTO probes VALUES(6,'mean_slope',0.49999999999999994448);
INSERT INTO probes VALUES(6,'near_linearity',0.73347110346212973652);
INSERT INTO probes VALUES(6,'non_finite',0.0);
INSERT INTO probes VALUES(6,'second_moment',0.49999999999999983346);
INSERT INTO probes VALUES(6,'slope_second_moment',0.49999999999999994448);
INSERT INTO probes VALUES(7,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(7,'dead_fraction',0.0);
INSERT INTO probes VALUES(7,'forward_variance_ratio',0.85559118299524061779);
INSERT INTO probes VALUES(7,'gradient_norm_ratio',0.17354523954845810229);
INSERT INTO probes VALUES(7,'max_slope',1.8577495444119960232);
INSERT INTO probes VALUES(7,'mean',-0.57735026918962562003);
INSERT INTO probes VALUES(7,'mean_slope',-1.0);
INSERT INTO probes VALUES(7,'near_linearity',0.89776256386381070306);
INSERT INTO probes VALUES(7,'non_finite',0.0);
INSERT INTO probes VALUES(7,'second_moment',1.4472135954999583162);
INSERT INTO probes VALUES(7,'slope_second_moment',1.3577708763999665197);
INSERT INTO probes VALUES(8,'curvature_sign_changes',1.0);
INSERT INTO probes VALUES(8,'dead_fraction',0.0);
INSERT INTO probes VALUES(8,'forward_variance_ratio',1.1791409550992419941);
INSERT INTO probes VALUES(8,'gradient_norm_ratio',271663.84233551303622);
INSERT INTO probes VALUES(8,'max_slope',0.73105857863000489604);
INSERT INTO probes VALUES(8,'mean',3.4654390004178779328e-17);
INSERT INTO probes VALUES(8,'mean_slope',0.36585713989141699364);
INSERT INTO probes VALUES(8,'near_linearity',0.90704712272538945416);
INSERT INTO probes VALUES(8,'non_finite',0.0);
INSERT INTO probes VALUES(8,'second_moment',0.14756834948921587757);
INSERT INTO probes VALUES(8,'slope_second_moment',0.19170336968815621103);
INSERT INTO probes VALUES(9,'curvature_sign_changes',2.0);
INSERT INTO probes VALUES(9,'dead_fraction',0.0);
INSERT INTO probes VALUES(9,'forward_variance_ratio',1.1249765739704820077);
INSERT INTO probes VALUES(9,'gradient_norm_ratio',3.1326910585619374138);
INSERT INTO probes VALUES(9,'max_slope',0.73099959769401690046);
INSERT INTO probes VALUES(9,'mean',0.4631987326312025921);
INSERT INTO probes VALUES(9,'mean_slope',-4.6718524911697232181e-17);
INSERT INTO probes VALUES(9,'near_linearity',2.8183398150042216689e-32);
INSERT INTO probes VALUES(9,'non_finite',0.0);
INSERT INTO probes VALUES(9,'second_moment',0.30227467859586271137);
INSERT INTO probes VALUES(9,'slope_second_moment',0.31430891068243332897);
CREATE TABLE campaign_candidates (
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  origin         TEXT NOT NULL CHECK (origin IN ('baseline', 'strategy', 'list')),
  baseline_name  TEXT,
  proposal_index INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'proposed'
                 CHECK (status IN ('proposed', 'rejected', 'evaluated', 'eliminated', 'final')),
  reject_reason  TEXT,
  penalty        REAL DEFAULT 0,
  PRIMARY KEY (campaign_id, candidate_id)
);
INSERT INTO campaign_candidates VALUES(1,1,'baseline','relu',0,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,2,'baseline','swish',1,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,3,'strategy',NULL,2,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,4,'strategy',NULL,3,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,5,'strategy',NULL,4,'rejected','max_slope=7500 > max 1000; forward_variance_ratio=inf is not finite; gradient_norm_ratio=nan is not finite',0.0);
INSERT INTO campaign_candidates VALUES(1,6,'strategy',NULL,5,'eliminated',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,7,'strategy',NULL,6,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,8,'strategy',NULL,7,'final',NULL,0.0);
INSERT INTO campaign_candidates VALUES(1,9,'strategy',NULL,8,'eliminated',NULL,0.0);
CREATE TABLE evaluations (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  stage          INTEGER NOT NULL,
  seed           INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed', 'diverged', 'rejected')),
  train_examples INTEGER NOT NULL DEFAULT 0,
  epochs         INTEGER NOT NULL DEFAULT 0,
  val_accuracy   REAL,
  val_loss       REAL,
  train_loss     REAL,
  test_accuracy  REAL,
  test_loss      REAL,
  wall_seconds   REAL,
  steps          INTEGER NOT NULL DEFAULT 0,
  epoch_metrics  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(epoch_metrics)),
  learned_params TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(learned_params)),
  message        TEXT NOT NULL DEFAULT '',
  device         TEXT NOT NULL DEFAULT '',
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (campaign_id, candidate_id, stage, seed)
);
INSERT INTO evaluations VALUES(1,1,5,0,0,'rejected',0,0,NULL,NULL,NULL,NULL,NULL,0.0,0,'[]','[]','max_slope=7500 > max 1000; forward_variance_ratio=inf is not finite; gradient_norm_ratio=nan is not finite','','2026-12-07T16:34:35.286Z');
INSERT INTO evaluations VALUES(2,1,1,0,5233464918943260,'done',500,1,0.5500000000000000444,0.68542807775899361466,0.68122402916419211305,NULL,NULL,0.00037698599999999999861,8,'[{"epoch":1,"seconds":0.000318979,"train_loss":0.6812240291641921,"val_accuracy":0.55,"val_loss":0.6854280777589936}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.289Z');
INSERT INTO evaluations VALUES(3,1,2,0,5233464918943260,'done',500,1,0.68799999999999994493,0.53769767026450698832,0.63154159093055273199,NULL,NULL,0.00027412200000000001582,8,'[{"epoch":1,"seconds":0.000243866,"train_loss":0.6315415909305527,"val_accuracy":0.688,"val_loss":0.537697670264507}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.289Z');
INSERT INTO evaluations VALUES(4,1,3,0,5233464918943260,'done',500,1,0.61199999999999998845,0.67395364831827153651,0.70660803784984660413,NULL,NULL,0.00032075099999999997883,8,'[{"epoch":1,"seconds":0.000297887,"train_loss":0.7066080378498466,"val_accuracy":0.612,"val_loss":0.6739536483182715}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.289Z');
INSERT INTO evaluations VALUES(5,1,4,0,5233464918943260,'done',500,1,0.5,0.69440935767018974189,0.73244643378947016376,NULL,NULL,0.00026577900000000000439,8,'[{"epoch":1,"seconds":0.000243395,"train_loss":0.7324464337894702,"val_accuracy":0.5,"val_loss":0.6944093576701897}]','[[1.0417449474334717,1.0345921516418457],[0.9386062622070313,0.9375652074813843]]','','cpu(2 threads)','2026-12-07T16:34:35.290Z');
INSERT INTO evaluations VALUES(6,1,6,0,5233464918943260,'done',500,1,0.63800000000000001154,0.58497782908855333605,0.66736809057295221059,NULL,NULL,0.00031934900000000002173,8,'[{"epoch":1,"seconds":0.000267772,"train_loss":0.6673680905729522,"val_accuracy":0.638,"val_loss":0.5849778290885533}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.341Z');
INSERT INTO evaluations VALUES(7,1,7,0,5233464918943260,'done',500,1,0.70399999999999995914,0.44468239950376065028,1.1131368527687168779,NULL,NULL,0.0005358939999999999754,8,'[{"epoch":1,"seconds":0.000420491,"train_loss":1.1131368527687169,"val_accuracy":0.704,"val_loss":0.44468239950376065}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.341Z');
INSERT INTO evaluations VALUES(8,1,8,0,5233464918943260,'done',500,1,0.70799999999999996269,0.63958537427632711214,0.68947526358770050425,NULL,NULL,0.00036528800000000001676,8,'[{"epoch":1,"seconds":0.000327732,"train_loss":0.6894752635877005,"val_accuracy":0.708,"val_loss":0.6395853742763271}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.341Z');
INSERT INTO evaluations VALUES(9,1,9,0,5233464918943260,'done',500,1,0.47599999999999997868,0.69729842248077600341,0.73094709084516029662,NULL,NULL,0.00031901899999999997576,8,'[{"epoch":1,"seconds":0.000270466,"train_loss":0.7309470908451603,"val_accuracy":0.476,"val_loss":0.697298422480776}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.358Z');
INSERT INTO evaluations VALUES(10,1,8,1,5431043885878458,'done',1000,2,0.91400000000000003463,0.47618566287643127044,0.55680156341289244181,NULL,NULL,0.00092565900000000000871,32,'[{"epoch":1,"seconds":0.000491407,"train_loss":0.6584197245032006,"val_accuracy":0.806,"val_loss":0.6030580954213559},{"epoch":2,"seconds":0.000389415,"train_loss":0.5568015634128924,"val_accuracy":0.914,"val_loss":0.47618566287643127}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.360Z');
INSERT INTO evaluations VALUES(11,1,8,1,3673847281428514,'done',1000,2,0.71199999999999996624,0.58869391776478896538,0.61751280435033517601,NULL,NULL,0.00090297499999999997991,32,'[{"epoch":1,"seconds":0.00042596,"train_loss":0.7052592044262135,"val_accuracy":0.666,"val_loss":0.6406228654015022},{"epoch":2,"seconds":0.000437466,"train_loss":0.6175128043503352,"val_accuracy":0.712,"val_loss":0.588693917764789}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.361Z');
INSERT INTO evaluations VALUES(12,1,7,1,5431043885878458,'done',1000,2,0.91800000000000003819,0.24429200007194876165,0.30746278755194572651,NULL,NULL,0.00063865799999999995576,32,'[{"epoch":1,"seconds":0.000321252,"train_loss":0.7255074250533475,"val_accuracy":0.834,"val_loss":0.35435191637493507},{"epoch":2,"seconds":0.000285389,"train_loss":0.3074627875519457,"val_accuracy":0.918,"val_loss":0.24429200007194876}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.362Z');
INSERT INTO evaluations VALUES(13,1,7,1,3673847281428514,'done',1000,2,0.98199999999999998401,0.2051554736939419643,0.27777262928932600072,NULL,NULL,0.00062383600000000000856,32,'[{"epoch":1,"seconds":0.000313912,"train_loss":0.7173088134739672,"val_accuracy":0.858,"val_loss":0.3393896712072614},{"epoch":2,"seconds":0.000281382,"train_loss":0.277772629289326,"val_accuracy":0.982,"val_loss":0.20515547369394196}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.362Z');
INSERT INTO evaluations VALUES(14,1,6,1,5431043885878458,'done',1000,2,0.62199999999999999733,0.52290861295185986357,0.56943552292771504319,NULL,NULL,0.00070760199999999999227,32,'[{"epoch":1,"seconds":0.000295123,"train_loss":0.689501397116617,"val_accuracy":0.552,"val_loss":0.5857779764217625},{"epoch":2,"seconds":0.000388223,"train_loss":0.569435522927715,"val_accuracy":0.622,"val_loss":0.5229086129518599}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.363Z');
INSERT INTO evaluations VALUES(15,1,6,1,3673847281428514,'done',1000,2,0.63400000000000000799,0.53900968976401419929,0.60034367381150677278,NULL,NULL,0.00080072100000000000653,32,'[{"epoch":1,"seconds":0.000443215,"train_loss":0.8161110566441041,"val_accuracy":0.582,"val_loss":0.6091846223935945},{"epoch":2,"seconds":0.000311368,"train_loss":0.6003436738115068,"val_accuracy":0.634,"val_loss":0.5390096897640142}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.360Z');
INSERT INTO evaluations VALUES(16,1,1,1,5431043885878458,'done',1000,2,0.71799999999999997157,0.48973760981789815627,0.56135854797543194294,NULL,NULL,0.00052504799999999996439,32,'[{"epoch":1,"seconds":0.000257276,"train_loss":0.6546298668534506,"val_accuracy":0.67,"val_loss":0.5865281559745595},{"epoch":2,"seconds":0.000228944,"train_loss":0.5613585479754319,"val_accuracy":0.718,"val_loss":0.48973760981789816}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.361Z');
INSERT INTO evaluations VALUES(17,1,1,1,3673847281428514,'done',1000,2,0.61199999999999998845,0.58194935829605420885,0.62312878485626055358,NULL,NULL,0.00054617999999999995112,32,'[{"epoch":1,"seconds":0.000231768,"train_loss":0.9309882332469652,"val_accuracy":0.55,"val_loss":0.631086188878154},{"epoch":2,"seconds":0.000282034,"train_loss":0.6231287848562606,"val_accuracy":0.612,"val_loss":0.5819493582960542}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.361Z');
INSERT INTO evaluations VALUES(18,1,2,1,5431043885878458,'done',1000,2,0.96199999999999996624,0.21704833974503737192,0.35112365108872178875,NULL,NULL,0.00056725099999999995317,32,'[{"epoch":1,"seconds":0.000263696,"train_loss":0.570742042015231,"val_accuracy":0.886,"val_loss":0.4472290079276889},{"epoch":2,"seconds":0.000273751,"train_loss":0.3511236510887218,"val_accuracy":0.962,"val_loss":0.21704833974503737}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.362Z');
INSERT INTO evaluations VALUES(19,1,2,1,3673847281428514,'done',1000,2,0.94399999999999995026,0.30788520941698349631,0.42770503797573716786,NULL,NULL,0.00054840300000000004147,32,'[{"epoch":1,"seconds":0.000265078,"train_loss":0.799531113189479,"val_accuracy":0.712,"val_loss":0.5187419403819977},{"epoch":2,"seconds":0.000256976,"train_loss":0.42770503797573717,"val_accuracy":0.944,"val_loss":0.3078852094169835}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.362Z');
INSERT INTO evaluations VALUES(20,1,7,2,6831580578727166,'done',0,2,0.99399999999999999467,0.13740645983666616158,0.1977091886060316217,0.98699999999999998845,0.13618482294488390427,0.0013508879999999999586,64,'[{"epoch":1,"seconds":0.000571027,"train_loss":0.5316987807392644,"val_accuracy":0.986,"val_loss":0.2511806534631097},{"epoch":2,"seconds":0.000527171,"train_loss":0.19770918860603162,"val_accuracy":0.994,"val_loss":0.13740645983666616}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.365Z');
INSERT INTO evaluations VALUES(21,1,7,2,1565956625142468,'done',0,2,1.0,0.070931079294335439011,0.13702231251393398592,0.99799999999999999822,0.077985391469537604369,0.001349726000000000094,64,'[{"epoch":1,"seconds":0.000577576,"train_loss":0.43139632028401714,"val_accuracy":0.996,"val_loss":0.19500876326544028},{"epoch":2,"seconds":0.000545369,"train_loss":0.13702231251393399,"val_accuracy":1.0,"val_loss":0.07093107929433544}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.367Z');
INSERT INTO evaluations VALUES(22,1,8,2,6831580578727166,'done',0,2,0.95399999999999995914,0.31974647140822826107,0.49229545681690589642,0.9489999999999999547,0.32961018533740082947,0.0017708769999999999112,64,'[{"epoch":1,"seconds":0.000777867,"train_loss":0.6748775354469573,"val_accuracy":0.732,"val_loss":0.5794329892287197},{"epoch":2,"seconds":0.000725399,"train_loss":0.4922954568169059,"val_accuracy":0.954,"val_loss":0.31974647140822826}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.369Z');
INSERT INTO evaluations VALUES(23,1,8,2,1565956625142468,'done',0,2,0.9659999999999999698,0.22037430771344451718,0.39406203740014916769,0.96199999999999996624,0.23664580556367018071,0.0017863110000000000619,64,'[{"epoch":1,"seconds":0.000764297,"train_loss":0.6322295812170865,"val_accuracy":0.738,"val_loss":0.5498735588653005},{"epoch":2,"seconds":0.000695924,"train_loss":0.39406203740014917,"val_accuracy":0.966,"val_loss":0.22037430771344452}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.371Z');
INSERT INTO evaluations VALUES(24,1,1,2,6831580578727166,'done',0,2,0.99399999999999999467,0.12540100979764198796,0.30268561402701399387,0.990999999999999992,0.13534649909195969885,0.0011314579999999998995,64,'[{"epoch":1,"seconds":0.000464146,"train_loss":0.5796627726162273,"val_accuracy":0.72,"val_loss":0.44314043787111196},{"epoch":2,"seconds":0.000441382,"train_loss":0.302685614027014,"val_accuracy":0.994,"val_loss":0.125401009797642}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.365Z');
INSERT INTO evaluations VALUES(25,1,1,2,1565956625142468,'done',0,2,0.99399999999999999467,0.074065899349112521155,0.26123327372904958654,0.98799999999999998934,0.085910402659761658794,0.0011077730000000000475,64,'[{"epoch":1,"seconds":0.000448162,"train_loss":0.5863376844552802,"val_accuracy":0.838,"val_loss":0.44328352966505313},{"epoch":2,"seconds":0.000446029,"train_loss":0.2612332737290496,"val_accuracy":0.994,"val_loss":0.07406589934911252}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.366Z');
INSERT INTO evaluations VALUES(26,1,2,2,6831580578727166,'done',0,2,0.97799999999999998046,0.080989278739667089346,0.19308340246283156593,0.96999999999999997335,0.09597663874702273834,0.0013294450000000000624,64,'[{"epoch":1,"seconds":0.00050003,"train_loss":0.519091406044453,"val_accuracy":0.882,"val_loss":0.316449507492039},{"epoch":2,"seconds":0.000622344,"train_loss":0.19308340246283157,"val_accuracy":0.978,"val_loss":0.08098927873966709}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.368Z');
INSERT INTO evaluations VALUES(27,1,2,2,1565956625142468,'done',0,2,0.98799999999999998934,0.060536304889180971022,0.12959497099259204011,0.97799999999999998046,0.074407695366590614893,0.0012583790000000000079,64,'[{"epoch":1,"seconds":0.000518658,"train_loss":0.4021726173161269,"val_accuracy":0.95,"val_loss":0.1855125749467582},{"epoch":2,"seconds":0.000518769,"train_loss":0.12959497099259204,"val_accuracy":0.988,"val_loss":0.06053630488918097}]','[[],[]]','','cpu(2 threads)','2026-12-07T16:34:35.369Z');
CREATE TABLE aliases (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  text         TEXT NOT NULL,
  UNIQUE (candidate_id, text)
);
INSERT INTO aliases VALUES(1,'relu(x)');
INSERT INTO aliases VALUES(2,'silu(x)');
INSERT INTO aliases VALUES(3,'sigmoid(softplus(x))*exp(-x^2)');
INSERT INTO aliases VALUES(4,'exp(-(beta2*(exp(-x^2) - beta)^2))');
INSERT INTO aliases VALUES(4,'exp(-beta2*(exp(-x^2) - beta)^2)');
INSERT INTO aliases VALUES(5,'max(relu(x), x^3)');
INSERT INTO aliases VALUES(6,'min(sigmoid(x), min(0, x))');
INSERT INTO aliases VALUES(6,'min(min(x, 0), sigmoid(x))');
INSERT INTO aliases VALUES(7,'-x - exp(-x^2)');
INSERT INTO aliases VALUES(8,'atan(x)*sigmoid(exp(-x^2))');
INSERT INTO aliases VALUES(8,'sigmoid(exp(-x^2))*atan(x)');
INSERT INTO aliases VALUES(9,'abs(x)*sigmoid(exp(-x^2))');
INSERT INTO aliases VALUES(9,'sigmoid(exp(-x^2))*abs(x)');
CREATE TABLE likeness (
  candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  known        TEXT NOT NULL,
  distance     REAL,
  PRIMARY KEY (candidate_id, known)
) WITHOUT ROWID;
INSERT INTO likeness VALUES(1,'elu',0.31530549357009801658);
INSERT INTO likeness VALUES(1,'gelu',0.083484625910882917509);
INSERT INTO likeness VALUES(1,'gelu_tanh',0.083578002783175037171);
INSERT INTO likeness VALUES(1,'hard_sigmoid',0.51654956050996547745);
INSERT INTO likeness VALUES(1,'hard_swish',0.19212442679228086683);
INSERT INTO likeness VALUES(1,'identity',0.51626436690698540576);
INSERT INTO likeness VALUES(1,'leaky_relu',0.0088014382068771178369);
INSERT INTO likeness VALUES(1,'mish',0.13044587753245265315);
INSERT INTO likeness VALUES(1,'prelu',0.19419408622421763244);
INSERT INTO likeness VALUES(1,'relu',0.0);
INSERT INTO likeness VALUES(1,'relu6',1.1922008026335190048e-05);
INSERT INTO likeness VALUES(1,'selu',0.43619723140155564067);
INSERT INTO likeness VALUES(1,'sigmoid',0.52739152639107844677);
INSERT INTO likeness VALUES(1,'softplus',0.2761345075202034649);
INSERT INTO likeness VALUES(1,'softsign',0.56321902979635496411);
INSERT INTO likeness VALUES(1,'squared_relu',0.39937955322766832688);
INSERT INTO likeness VALUES(1,'swish',0.13609318204531145601);
INSERT INTO likeness VALUES(1,'tanh',0.56349551762863747672);
INSERT INTO likeness VALUES(2,'elu',0.10771921726802344276);
INSERT INTO likeness VALUES(2,'gelu',0.01054524394187425669);
INSERT INTO likeness VALUES(2,'gelu_tanh',0.010625108423423953313);
INSERT INTO likeness VALUES(2,'hard_sigmoid',0.30248364358181700772);
INSERT INTO likeness VALUES(2,'hard_swish',0.043024871986113294441);
INSERT INTO likeness VALUES(2,'identity',0.30187972020153308605);
INSERT INTO likeness VALUES(2,'leaky_relu',0.068213443000047890851);
INSERT INTO likeness VALUES(2,'mish',0.041727509262100982712);
INSERT INTO likeness VALUES(2,'prelu',0.10136582848014746849);
INSERT INTO likeness VALUES(2,'relu',0.065943517462870374079);
INSERT INTO likeness VALUES(2,'relu6',0.065943518875824821967);
INSERT INTO likeness VALUES(2,'selu',0.21346551151157866499);
INSERT INTO likeness VALUES(2,'sigmoid',0.32484046988838521929);
INSERT INTO likeness VALUES(2,'softplus',0.023117425829360976202);
INSERT INTO likeness VALUES(2,'softsign',0.39235067558012443056);
INSERT INTO likeness VALUES(2,'squared_relu',0.37424973191924554294);
INSERT INTO likeness VALUES(2,'swish',0.0);
INSERT INTO likeness VALUES(2,'tanh',0.3928422979409960658);
INSERT INTO likeness VALUES(3,'elu',0.99176820136731058674);
INSERT INTO likeness VALUES(3,'gelu',0.91381637978538499123);
INSERT INTO likeness VALUES(3,'gelu_tanh',0.91384184588196148979);
INSERT INTO likeness VALUES(3,'hard_sigmoid',0.97624424403592557908);
INSERT INTO likeness VALUES(3,'hard_swish',0.96548644177235865004);
INSERT INTO likeness VALUES(3,'identity',0.97635421132241062558);
INSERT INTO likeness VALUES(3,'leaky_relu',0.91193242867972379439);
INSERT INTO likeness VALUES(3,'mish',0.95026214561478883346);
INSERT INTO likeness VALUES(3,'prelu',0.96748357893723790912);
INSERT INTO likeness VALUES(3,'relu',0.90862247048000477356);
INSERT INTO likeness VALUES(3,'relu6',0.9086224701487659594);
INSERT INTO likeness VALUES(3,'selu',0.99386268700795965536);
INSERT INTO likeness VALUES(3,'sigmoid',0.97395152748628299743);
INSERT INTO likeness VALUES(3,'softplus',0.98763135726311135353);
INSERT INTO likeness VALUES(3,'softsign',0.97235365754563529705);
INSERT INTO likeness VALUES(3,'squared_relu',0.87169585985113862136);
INSERT INTO likeness VALUES(3,'swish',0.94983819489565401994);
INSERT INTO likeness VALUES(3,'tanh',0.97212218303736430691);
INSERT INTO likeness VALUES(4,'elu',0.97215171383336218546);
INSERT INTO likeness VALUES(4,'gelu',0.85459265824175068004);
INSERT INTO likeness VALUES(4,'gelu_tanh',0.85458867935394533521);
INSERT INTO likeness VALUES(4,'hard_sigmoid',0.99999999999999988897);
INSERT INTO likeness VALUES(4,'hard_swish',0.90933959484976722986);
INSERT INTO likeness VALUES(4,'identity',1.0);
INSERT INTO likeness VALUES(4,'leaky_relu',0.87116929094562145508);
INSERT INTO likeness VALUES(4,'mish',0.90099116750017715915);
INSERT INTO likeness VALUES(4,'prelu',0.94458302437696972653);
INSERT INTO likeness VALUES(4,'relu',0.86701775713071116413);
INSERT INTO likeness VALUES(4,'relu6',0.8670177567482455494);
INSERT INTO likeness VALUES(4,'selu',0.99198928309259370994);
INSERT INTO likeness VALUES(4,'sigmoid',0.99999999999999977795);
INSERT INTO likeness VALUES(4,'softplus',0.96062081691105416503);
INSERT INTO likeness VALUES(4,'softsign',0.99999999999999988897);
INSERT INTO likeness VALUES(4,'squared_relu',0.78345265677048736563);
INSERT INTO likeness VALUES(4,'swish',0.89638339556083135306);
INSERT INTO likeness VALUES(4,'tanh',0.99999999999999977795);
INSERT INTO likeness VALUES(5,'elu',0.49999698559250876916);
INSERT INTO likeness VALUES(5,'gelu',0.35169732206533704799);
INSERT INTO likeness VALUES(5,'gelu_tanh',0.35164706658541594608);
INSERT INTO likeness VALUES(5,'hard_sigmoid',0.63868987201477023241);
INSERT INTO likeness VALUES(5,'hard_swish',0.35630791285349816543);
INSERT INTO likeness VALUES(5,'identity',0.6339545968841803214);
INSERT INTO likeness VALUES(5,'leaky_relu',0.36006188048290382885);
INSERT INTO likeness VALUES(5,'mish',0.38218357676158548619);
INSERT INTO likeness VALUES(5,'prelu',0.42360146228557088443);
INSERT INTO likeness VALUES(5,'relu',0.35881600837038035711);
INSERT INTO likeness VALUES(5,'relu6',0.35881606058257325964);
INSERT INTO likeness VALUES(5,'selu',0.58284841660901864912);
INSERT INTO likeness VALUES(5,'sigmoid',0.66930768204471136062);
INSERT INTO likeness VALUES(5,'softplus',0.44209008577454533828);
INSERT INTO likeness VALUES(5,'softsign',0.70356806458001830417);
INSERT INTO likeness VALUES(5,'squared_relu',0.26055237466735742257);
INSERT INTO likeness VALUES(5,'swish',0.35631059078036414478);
INSERT INTO likeness VALUES(5,'tanh',0.70866795323694475872);
INSERT INTO likeness VALUES(6,'elu',0.70541515199093929311);
INSERT INTO likeness VALUES(6,'gelu',0.88780803492144633182);
INSERT INTO likeness VALUES(6,'gelu_tanh',0.8878082756610354842);
INSERT INTO likeness VALUES(6,'hard_sigmoid',0.51654956050996569949);
INSERT INTO likeness VALUES(6,'hard_swish',0.82019639108225117496);
INSERT INTO likeness VALUES(6,'identity',0.51626436690698485065);
INSERT INTO likeness VALUES(6,'leaky_relu',0.88014382068771312983);
INSERT INTO likeness VALUES(6,'mish',0.83789214092806529876);
INSERT INTO likeness VALUES(6,'prelu',0.77677634489687008567);
INSERT INTO likeness VALUES(6,'relu',0.88428783514911124541);
INSERT INTO likeness VALUES(6,'relu6',0.88428783459470050587);
INSERT INTO likeness VALUES(6,'selu',0.61604564506280590219);
INSERT INTO likeness VALUES(6,'sigmoid',0.52739152639107844677);
INSERT INTO likeness VALUES(6,'softplus',0.73090737650120318757);
INSERT INTO likeness VALUES(6,'softsign',0.56321902979635485309);
INSERT INTO likeness VALUES(6,'squared_relu',0.95216151918419122957);
INSERT INTO likeness VALUES(6,'swish',0.84172697540970087271);
INSERT INTO likeness VALUES(6,'tanh',0.56349551762863780979);
INSERT INTO likeness VALUES(7,'elu',0.38292991171356177693);
INSERT INTO likeness VALUES(7,'gelu',0.63820223361270611572);
INSERT INTO likeness VALUES(7,'gelu_tanh',0.63819140806629992557);
INSERT INTO likeness VALUES(7,'hard_sigmoid',0.17944290303592622115);
INSERT INTO likeness VALUES(7,'hard_swish',0.52926122846514156439);
INSERT INTO likeness VALUES(7,'identity',0.17835622786309734966);
INSERT INTO likeness VALUES(7,'leaky_relu',0.63377069161989296741);
INSERT INTO likeness VALUES(7,'mish',0.5589204280592362517);
INSERT INTO likeness VALUES(7,'prelu',0.48215860351878536693);
INSERT INTO likeness VALUES(7,'relu',0.64046312301750463191);
INSERT INTO likeness VALUES(7,'relu6',0.64046312252709625134);
INSERT INTO likeness VALUES(7,'selu',0.27727606379765240562);
INSERT INTO likeness VALUES(7,'sigmoid',0.21711775551227363578);
INSERT INTO likeness VALUES(7,'softplus',0.40806331839856774257);
INSERT INTO likeness VALUES(7,'softsign',0.31419419122282310485);
INSERT INTO likeness VALUES(7,'squared_relu',0.7708510540581379189);
INSERT INTO likeness VALUES(7,'swish',0.56273943509881085844);
INSERT INTO likeness VALUES(7,'tanh',0.31484790460609424211);
INSERT INTO likeness VALUES(8,'elu',0.25982906036987873932);
INSERT INTO likeness VALUES(8,'gelu',0.54944614109794209788);
INSERT INTO likeness VALUES(8,'gelu_tanh',0.54945337310223818505);
INSERT INTO likeness VALUES(8,'hard_sigmoid',0.18150860359619758188);
INSERT INTO likeness VALUES(8,'hard_swish',0.45398347696255719752);
INSERT INTO likeness VALUES(8,'identity',0.18657788214543380433);
INSERT INTO likeness VALUES(8,'leaky_relu',0.53346519949004611582);
INSERT INTO likeness VALUES(8,'mish',0.45983803397962785819);
INSERT INTO likeness VALUES(8,'prelu',0.38271103404415507398);
INSERT INTO likeness VALUES(8,'relu',0.54042759333726142489);
INSERT INTO likeness VALUES(8,'relu6',0.54042759084257530055);
INSERT INTO likeness VALUES(8,'selu',0.15181196897826779168);
INSERT INTO likeness VALUES(8,'sigmoid',0.064103413998847294519);
INSERT INTO likeness VALUES(8,'softplus',0.33360420520619932238);
INSERT INTO likeness VALUES(8,'softsign',0.038777440918725092355);
INSERT INTO likeness VALUES(8,'squared_relu',0.76391476117256162936);
INSERT INTO likeness VALUES(8,'swish',0.47883986715304721615);
INSERT INTO likeness VALUES(8,'tanh',0.014294933373534875892);
INSERT INTO likeness VALUES(9,'elu',0.97263186791686029319);
INSERT INTO likeness VALUES(9,'gelu',0.85550587706798109088);
INSERT INTO likeness VALUES(9,'gelu_tanh',0.85550759223152961219);
INSERT INTO likeness VALUES(9,'hard_sigmoid',0.99999999999999977795);
INSERT INTO likeness VALUES(9,'hard_swish',0.91784014948250691734);
INSERT INTO likeness VALUES(9,'identity',1.0);
INSERT INTO likeness VALUES(9,'leaky_relu',0.86129612384961540261);
INSERT INTO likeness VALUES(9,'mish',0.9025103743787956656);
INSERT INTO likeness VALUES(9,'prelu',0.94052680687493617206);
INSERT INTO likeness VALUES(9,'relu',0.85679801744517669614);
INSERT INTO likeness VALUES(9,'relu6',0.8567980181543091156);
INSERT INTO likeness VALUES(9,'selu',0.99409894251646047091);
INSERT INTO likeness VALUES(9,'sigmoid',0.99999999999999988897);
INSERT INTO likeness VALUES(9,'softplus',0.96289061759477390101);
INSERT INTO likeness VALUES(9,'softsign',0.99999999999999988897);
INSERT INTO likeness VALUES(9,'squared_relu',0.80526212414419062746);
INSERT INTO likeness VALUES(9,'swish',0.89990581150673598642);
INSERT INTO likeness VALUES(9,'tanh',0.99999999999999977795);
CREATE INDEX evaluations_leaderboard
  ON evaluations (status, campaign_id, candidate_id, stage, seed, val_accuracy, test_accuracy);
CREATE INDEX evaluations_by_candidate ON evaluations (candidate_id);
CREATE INDEX campaign_candidates_by_candidate ON campaign_candidates (candidate_id);
CREATE VIEW leaderboard AS
WITH counted AS (
  SELECT campaign_id, candidate_id, stage, status, val_accuracy, test_accuracy,
         CASE WHEN status = 'diverged' THEN 0.0 ELSE val_accuracy END AS scored
  FROM evaluations
  WHERE (status = 'done' AND val_accuracy IS NOT NULL) OR status = 'diverged'
), top_stage AS (
  SELECT campaign_id, candidate_id, MAX(stage) AS stage FROM counted GROUP BY campaign_id, candidate_id
), agg AS (
  SELECT t.campaign_id, t.candidate_id, t.stage,
         COUNT(*) AS counted,
         SUM(c.status = 'diverged') AS diverged,
         SUM(c.scored) AS scored_sum,
         COUNT(CASE WHEN c.status = 'done' THEN 1 END) AS seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.val_accuracy END) AS mean,
         COUNT(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_seeds,
         AVG(CASE WHEN c.status = 'done' THEN c.test_accuracy END) AS test_mean
  FROM top_stage t
  JOIN counted c ON c.campaign_id = t.campaign_id AND c.candidate_id = t.candidate_id AND c.stage = t.stage
  GROUP BY t.campaign_id, t.candidate_id
), spread AS (
  SELECT a.campaign_id, a.candidate_id,
         CASE WHEN a.seeds > 1
              THEN sqrt(SUM(CASE WHEN c.status = 'done' THEN (c.val_accuracy - a.mean) * (c.val_accuracy - a.mean) END)
                        / (a.seeds - 1)) END AS sd
  FROM agg a
  JOIN counted c ON c.campaign_id = a.campaign_id AND c.candidate_id = a.candidate_id AND c.stage = a.stage
  GROUP BY a.campaign_id, a.candidate_id
), scored AS (
  SELECT a.*, s.sd, cc.penalty, cc.proposal_index, cc.origin, cc.baseline_name, cc.status,
         a.scored_sum / a.counted - cc.penalty AS fitness
  FROM agg a
  JOIN spread s ON s.campaign_id = a.campaign_id AND s.candidate_id = a.candidate_id
  JOIN campaign_candidates cc ON cc.campaign_id = a.campaign_id AND cc.candidate_id = a.candidate_id
  WHERE cc.status <> 'rejected'
)
SELECT
  ROW_NUMBER() OVER (PARTITION BY x.campaign_id
                     ORDER BY x.stage DESC, x.fitness DESC, x.proposal_index, x.candidate_id) AS rank,
  c.name AS campaign,
  x.campaign_id,
  x.candidate_id,
  k.expr,
  x.origin = 'baseline' AS baseline,
  x.baseline_name,
  x.stage,
  x.seeds,
  x.diverged,
  x.mean,
  x.sd,
  x.penalty,
  x.fitness,
  x.test_seeds,
  x.test_mean,
  k.nearest,
  k.nearest_distance,
  k.complexity,
  x.status,
  x.proposal_index
FROM scored x
JOIN candidates k ON k.id = x.candidate_id
JOIN campaigns c ON c.id = x.campaign_id;
COMMIT;
PRAGMA application_id = 1094931539;
PRAGMA user_version = 4;
