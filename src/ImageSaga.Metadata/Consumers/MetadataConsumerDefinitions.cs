using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Messaging;

namespace ImageSaga.Metadata.Consumers;

public sealed class ExtractMetadataConsumerDefinition() : AnalysisStepConsumerDefinition<ExtractMetadataConsumer>(ImageSagaEndpoints.ExtractMetadata);

public sealed class ComputeFingerprintConsumerDefinition() : AnalysisStepConsumerDefinition<ComputeFingerprintConsumer>(ImageSagaEndpoints.ComputeFingerprint);
